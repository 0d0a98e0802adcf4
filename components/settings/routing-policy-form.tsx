'use client';

import { useState } from 'react';
import { useActionForm } from '@/components/ui/use-action-form';
import { Field } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ActionState } from '@/lib/console/action-state';

type Provider = { slug: string; name: string; zeroDataRetention: boolean; trainsOnPrompts: boolean };
type Policy = {
  providerAllowlist: string[] | null;
  providerDenylist: string[];
  defaultProviderOrder: string[];
  zeroDataRetention: boolean;
  disallowPromptTraining: boolean;
  byokFallbackToSystem: boolean;
  promptCachingAuto: boolean;
};

/** The team's routing policy; it applies underneath every request and wins where it restricts. */
export function RoutingPolicyForm({ providers, policy, disabled, action }: { providers: Provider[]; policy: Policy; disabled: boolean; action: (previous: ActionState | undefined, form: FormData) => Promise<ActionState> }) {
  const { state, pending, action: formAction, onSubmit, form } = useActionForm(action);
  const [allowed, setAllowed] = useState(policy.providerAllowlist?.length ?? 0);
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className="form">
      <fieldset disabled={disabled} className="form">
        <fieldset>
          <legend>Data policy</legend>
          <div className="stack" style={{ gap: 12 }}>
            <label className="check">
              <input type="checkbox" name="zeroDataRetention" defaultChecked={policy.zeroDataRetention} />
              <span>
                Zero data retention only
                <small>Only providers (or your own keys) with a zero-data-retention agreement serve this team; others are refused with 403.</small>
              </span>
            </label>
            <label className="check">
              <input type="checkbox" name="disallowPromptTraining" defaultChecked={policy.disallowPromptTraining} />
              <span>
                Disallow prompt training
                <small>Never route to providers that may train on prompts.</small>
              </span>
            </label>
            <label className="check">
              <input type="checkbox" name="byokFallbackToSystem" defaultChecked={policy.byokFallbackToSystem} />
              <span>
                Fall back to Gatehouse’s keys
                <small>When one of your provider keys fails (auth or quota), retry with the system key and charge credits.</small>
              </span>
            </label>
            <label className="check">
              <input type="checkbox" name="promptCachingAuto" defaultChecked={policy.promptCachingAuto} />
              <span>
                Prompt caching: auto by default
                <small>Requests to Anthropic get cache breakpoints (tools, system prompt, latest turns) unless they send caching off. Other providers cache on their own.</small>
              </span>
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend>Allowed providers</legend>
          <p className="field-hint" id="allow-hint" aria-live="polite" style={{ marginTop: -4, marginBottom: 10 }}>
            {allowed === 0
              ? 'None checked, so every provider is allowed (except those blocked below). Check some to allow only those.'
              : `Only the ${allowed === 1 ? 'checked provider serves' : `${allowed} checked providers serve`} this team. Uncheck all to allow every provider.`}
          </p>
          <div className="check-grid" onChange={(event) => setAllowed(event.currentTarget.querySelectorAll('input[name="allow"]:checked').length)}>
            {providers.map((provider) => (
              <label key={provider.slug} className="check">
                <input type="checkbox" name="allow" value={provider.slug} defaultChecked={policy.providerAllowlist?.includes(provider.slug)} />
                <span>
                  {provider.name}
                  <small>
                    {provider.zeroDataRetention ? 'ZDR' : 'retains data'}
                    {provider.trainsOnPrompts ? ' · may train' : ''}
                  </small>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Blocked providers</legend>
          <div className="check-grid">
            {providers.map((provider) => (
              <label key={provider.slug} className="check">
                <input type="checkbox" name="deny" value={provider.slug} defaultChecked={policy.providerDenylist.includes(provider.slug)} />
                <span>{provider.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          id="order"
          label="Preferred provider order"
          hint={`Provider ids, comma-separated (${providers.map((provider) => provider.slug).slice(0, 4).join(', ')}, …): a model's providers listed here are tried first, in this order. Empty: no team preference (healthy providers first, then the catalog's order).`}
        >
          <input id="order" name="order" className="input mono" defaultValue={policy.defaultProviderOrder.join(', ')} placeholder="no preference (e.g. anthropic, openai)" aria-describedby="order-hint" />
        </Field>
      </fieldset>
      <FormMessage state={state} />
      {disabled ? null : (
        <div className="form-actions">
          <SubmitButton pending={pending}>Save policy</SubmitButton>
        </div>
      )}
    </form>
  );
}
