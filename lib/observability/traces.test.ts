import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { createTracing, tracesEndpoint } from './traces';

describe('tracesEndpoint', () => {
  it('is off unless an OTLP endpoint is set, and off again with OTEL_TRACES_EXPORTER=none', async () => {
    expect(tracesEndpoint(parseEnv({}))).toBeUndefined();
    expect(await createTracing(parseEnv({}))).toBeUndefined();
    expect(tracesEndpoint(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }))).toBe('http://collector:4318/v1/traces');
    expect(tracesEndpoint(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom' }))).toBe('http://traces:4318/custom');
    expect(tracesEndpoint(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }))).toBeUndefined();
    expect(tracesEndpoint(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }))).toBeUndefined();
  });
});
