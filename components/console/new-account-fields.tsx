import { Field } from '@/components/ui/field';
import { MIN_PASSWORD_LENGTH } from '@/lib/crypto/passwords';

/** Name, email and a password typed twice. */
export function NewAccountFields({ email }: { email?: string }) {
  return (
    <>
      <Field id="name" label="Your name">
        <input id="name" name="name" className="input" autoComplete="name" maxLength={100} />
      </Field>
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" className="input" autoComplete="email" required defaultValue={email} />
      </Field>
      <Field id="password" label="Password" hint={`At least ${MIN_PASSWORD_LENGTH} characters. A passphrase works well.`}>
        <input id="password" name="password" type="password" className="input" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required aria-describedby="password-hint" />
      </Field>
      <Field id="confirm" label="Password again">
        <input id="confirm" name="confirm" type="password" className="input" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required />
      </Field>
    </>
  );
}
