/** The form of one wizard, by its kind. */
import type { WizardIssue, WizardModel } from '@meshlens/mesh-core/wizards';
import { CircuitBreakerForm } from './forms/CircuitBreakerForm.tsx';
import { FaultInjectionForm } from './forms/FaultInjectionForm.tsx';
import { RequestRoutingForm } from './forms/RequestRoutingForm.tsx';
import { RequestTimeoutsForm } from './forms/RequestTimeoutsForm.tsx';
import { WeightsFields } from './forms/WeightsFields.tsx';

export function WizardForm(props: {
  readonly model: WizardModel;
  readonly onChange: (model: WizardModel) => void;
  readonly issues: readonly WizardIssue[];
  readonly versions: readonly string[];
}) {
  const { model, onChange, issues } = props;
  switch (model.kind) {
    case 'traffic_shifting':
      return (
        <div className="wizard-form">
          <WeightsFields
            weights={model.weights}
            field="weights"
            issues={issues}
            onChange={(weights) => {
              onChange({ kind: model.kind, weights });
            }}
          />
        </div>
      );
    case 'request_routing':
      return (
        <RequestRoutingForm model={model} onChange={onChange} issues={issues} versions={props.versions} />
      );
    case 'fault_injection':
      return <FaultInjectionForm model={model} onChange={onChange} issues={issues} />;
    case 'request_timeouts':
      return <RequestTimeoutsForm model={model} onChange={onChange} issues={issues} />;
    case 'circuit_breaker':
      return <CircuitBreakerForm model={model} onChange={onChange} issues={issues} />;
  }
}
