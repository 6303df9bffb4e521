// A group of checkboxes with a select-all, its legend and its error.
import { useId } from 'react';

interface Option {
  value: string;
  label: string;
  detail?: string;
}

interface ChecklistProps {
  label: string;
  options: Option[];
  selected: string[];
  onChange: (selected: string[]) => void;
  error?: string | undefined;
}

export function Checklist({ label, options, selected, onChange, error }: ChecklistProps) {
  const id = useId();
  const toggle = (value: string) => onChange(selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value]);
  return (
    <div
      className={`checklist${error ? ' field-invalid' : ''}`}
      role="group"
      aria-labelledby={`${id}-label`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <p id={`${id}-label`} className="checklist-label">
        {label} <span className="muted">({selected.length} chosen)</span>
      </p>
      <ul>
        {options.map((option) => (
          <li key={option.value}>
            <label>
              <input type="checkbox" checked={selected.includes(option.value)} onChange={() => toggle(option.value)} />
              <span>
                {option.label}
                {option.detail && <span className="cell-sub">{option.detail}</span>}
              </span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
