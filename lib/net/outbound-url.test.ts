import { describe, expect, it } from 'vitest';
import { createAddressPolicy } from './address-policy';
import { checkOutboundUrl, outboundUrlProblem, type Lookup } from './outbound-url';

const strict = createAddressPolicy([]);
const answers = (address: string): Lookup => async () => [{ address, family: address.includes(':') ? 6 : 4 }];

describe('outboundUrlProblem', () => {
  it.each([
    ['the issue’s metadata URL with a trailing #', 'http://127.0.0.1:9520/latest/meta-data/iam#', /fragment/],
    ['a fragment', 'https://api.example.com/v1#x', /fragment/],
    ['credentials', 'https://user:pass@api.example.com/v1', /credentials/],
    ['a query', 'https://api.example.com/v1?x=1', /query/],
    ['another scheme', 'ftp://api.example.com/v1', /http or https/],
    ['a file URL', 'file:///etc/passwd', /http or https/],
    ['not a URL', 'api.example.com', /not a URL/],
  ])('refuses %s', (_name, url, message) => {
    expect(outboundUrlProblem(url, strict)).toMatch(message);
  });

  it.each([
    'http://localhost:6379',
    'http://LOCALHOST./',
    'http://api.localhost/v1',
    'http://127.0.0.1/',
    'http://127.1.2.3/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::1]/',
    'http://0.0.0.0/',
    'http://0/',
    'http://[::]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://[fd00:ec2::254]/',
    'http://100.64.0.1/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[ff02::1]/',
    'http://198.18.0.1/',
  ])('refuses the non-public address in %s', (url) => {
    expect(outboundUrlProblem(url, strict)).toMatch(/non-public address/);
  });

  it.each(['https://api.openai.com/v1', 'http://8.8.8.8/v1', 'https://[2606:4700:4700::1111]/v1', 'http://[::ffff:8.8.8.8]/'])('accepts the public %s', (url) => {
    expect(outboundUrlProblem(url, strict)).toBeUndefined();
  });

  it('lets through the hosts and ranges the operator allows, and nothing else', () => {
    const policy = createAddressPolicy(['ollama.lan', '10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(outboundUrlProblem('http://ollama.lan:11434/v1', policy)).toBeUndefined();
    expect(outboundUrlProblem('http://10.20.30.40/v1', policy)).toBeUndefined();
    expect(outboundUrlProblem('http://127.0.0.1:8080/v1', policy)).toBeUndefined();
    expect(outboundUrlProblem('http://[fd00::5]/v1', policy)).toBeUndefined();
    expect(outboundUrlProblem('http://127.0.0.2/v1', policy)).toMatch(/non-public/);
    expect(outboundUrlProblem('http://169.254.169.254/', policy)).toMatch(/non-public/);
    expect(outboundUrlProblem('http://localhost/', policy)).toMatch(/non-public/);
    expect(outboundUrlProblem('http://10.1.2.3/v1', createAddressPolicy(['::ffff:10.0.0.0/104']))).toBeUndefined();
    // Allowing a host never allows a fragment.
    expect(outboundUrlProblem('http://ollama.lan/v1#', policy)).toMatch(/fragment/);
  });
});

describe('checkOutboundUrl', () => {
  it('refuses a name that resolves to a non-public address, unless the operator named it', async () => {
    expect(await checkOutboundUrl('https://metadata.internal.example/v1', strict, answers('169.254.169.254'))).toMatch(/resolves to a .*non-public/);
    expect(await checkOutboundUrl('https://api.example.com/v1', strict, answers('93.184.216.34'))).toBeUndefined();
    expect(await checkOutboundUrl('http://ollama.lan/v1', createAddressPolicy(['ollama.lan']), answers('192.168.1.20'))).toBeUndefined();
    expect(await checkOutboundUrl('http://gpu.lan/v1', createAddressPolicy(['192.168.1.0/24']), answers('192.168.1.20'))).toBeUndefined();
  });

  it('refuses a name when any one of its addresses is non-public', async () => {
    const mixed: Lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '::1', family: 6 },
    ];
    expect(await checkOutboundUrl('https://api.example.com/v1', strict, mixed)).toMatch(/non-public/);
  });
});
