import { SENSITIVE } from '../plan/types';
import type {
  ModuleInspection,
  ModuleJsonValue,
  ModuleObjectAttribute,
  ModuleTypeSpec,
  ModuleVariable,
} from './types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A value in HCL literal syntax on one line: `"text"`, `[1, 2]`,
 * `{ a = 1, "b c" = true }`. Object keys keep their order.
 */
export function formatModuleValue(value: ModuleJsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(formatModuleValue).join(', ')}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const items = entries.map(
    ([key, item]) =>
      `${
        IDENTIFIER.test(key) ? key : JSON.stringify(key)
      } = ${formatModuleValue(item)}`,
  );
  return `{ ${items.join(', ')} }`;
}

function formatAttribute(attribute: ModuleObjectAttribute): string {
  const name = IDENTIFIER.test(attribute.name)
    ? attribute.name
    : JSON.stringify(attribute.name);
  const type = formatModuleType(attribute.type);
  if (!attribute.optional) return `${name} = ${type}`;
  if (!attribute.hasDefault) return `${name} = optional(${type})`;
  return `${name} = optional(${type}, ${formatModuleValue(attribute.default)})`;
}

/** A type constraint in Terraform syntax on one line, whatever its layout in the source. */
export function formatModuleType(spec: ModuleTypeSpec): string {
  switch (spec.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${spec.kind}(${formatModuleType(spec.element)})`;
    case 'tuple':
      return `tuple([${spec.elements.map(formatModuleType).join(', ')}])`;
    case 'object':
      return `object({${spec.attributes.map(formatAttribute).join(', ')}})`;
    default:
      return spec.kind;
  }
}

/** The variable's type on one line; `any` when it is untyped. */
function typeOf(variable: ModuleVariable): string {
  return variable.typeSpec ? formatModuleType(variable.typeSpec) : 'any';
}

/** The default as shown to people; null when the variable is required. */
function defaultOf(variable: ModuleVariable): string | null {
  if (!variable.hasDefault) return null;
  if (variable.sensitive) return SENSITIVE;
  return formatModuleValue(variable.default);
}

// C0 controls other than tab and line feed, DEL and the C1 controls: a
// description must not be able to drive the terminal it is printed on.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Joins lines into the final text, control characters shown as U+FFFD. */
const finish = (lines: string[]): string =>
  `${lines.join('\n')}\n`.replace(CONTROL, '\uFFFD');

const oneLine = (text: string): string =>
  text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

const plural = (count: number, word: string): string =>
  `${count} ${word}${count === 1 ? '' : 's'}`;

function indent(text: string, prefix: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .trimEnd()
    .split('\n')
    .map(line => (line.trim() ? `${prefix}${line.trimEnd()}` : ''));
}

/**
 * The inspection as plain text for a terminal: `tfpilot module inspect`.
 * The same inspection always gives the same text.
 */
export function renderModuleText(inspection: ModuleInspection): string {
  const { variables, outputs, providers } = inspection;
  const lines: string[] = [
    `Module: ${plural(variables.length, 'input')}, ${plural(
      outputs.length,
      'output',
    )}, ${plural(providers.length, 'provider')}`,
    `Files: ${inspection.files.join(', ')}`,
    `README: ${inspection.readmeFile ?? '(none)'}`,
  ];
  if (inspection.requiredVersion !== null) {
    lines.push(`Terraform: ${inspection.requiredVersion}`);
  }

  lines.push('', `Inputs (${variables.length}):`);
  if (variables.length === 0) lines.push('  (none)');
  for (const variable of variables) {
    const value = defaultOf(variable);
    const flags = [
      ...(variable.required ? ['required'] : []),
      ...(variable.sensitive ? ['sensitive'] : []),
      ...(variable.nullable ? [] : ['not nullable']),
      ...(variable.ephemeral ? ['ephemeral'] : []),
    ];
    lines.push(
      `  ${variable.name}: ${typeOf(variable)}${
        value === null ? '' : ` = ${value}`
      }${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`,
    );
    if (variable.description)
      lines.push(...indent(variable.description, '    '));
    for (const validation of variable.validations) {
      lines.push(`    validation: ${oneLine(validation.errorMessage)}`);
    }
  }

  lines.push('', `Outputs (${outputs.length}):`);
  if (outputs.length === 0) lines.push('  (none)');
  for (const output of outputs) {
    lines.push(`  ${output.name}${output.sensitive ? ' (sensitive)' : ''}`);
    if (output.description) lines.push(...indent(output.description, '    '));
  }

  lines.push('', `Providers (${providers.length}):`);
  if (providers.length === 0) lines.push('  (none)');
  for (const provider of providers) {
    const details = [
      provider.source === null
        ? 'source not declared'
        : `source ${provider.source}`,
      provider.versionConstraint === null
        ? 'any version'
        : `version ${provider.versionConstraint}`,
      ...(provider.configurationAliases.length > 0
        ? [`aliases ${provider.configurationAliases.join(', ')}`]
        : []),
      ...(provider.configured ? ['configured in the module'] : []),
    ];
    lines.push(`  ${provider.name}: ${details.join('; ')}`);
  }
  return finish(lines);
}

/** Text for a Markdown table cell: pipes escaped, line breaks as `<br>`. */
function cell(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\n/g, '<br>');
}

/** A code span that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(
    0,
    ...(text.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map(row => `| ${row.join(' | ')} |`),
  ];
}

/**
 * The inspection as Markdown (inputs, outputs and providers tables), for a
 * README or a catalog page. The same inspection always gives the same text.
 */
export function renderModuleMarkdown(inspection: ModuleInspection): string {
  const { variables, outputs, providers } = inspection;
  const lines: string[] = [];
  if (inspection.requiredVersion !== null) {
    lines.push(
      '## Requirements',
      '',
      `Terraform ${cell(code(inspection.requiredVersion))}`,
      '',
    );
  }

  lines.push('## Inputs', '');
  if (variables.length === 0) lines.push('No inputs.');
  else {
    lines.push(
      ...table(
        ['Name', 'Type', 'Default', 'Required', 'Description'],
        variables.map(v => {
          const value = defaultOf(v);
          return [
            cell(code(v.name)),
            cell(code(typeOf(v))),
            value === null ? 'n/a' : cell(v.sensitive ? value : code(value)),
            v.required ? 'yes' : 'no',
            cell(v.description ?? ''),
          ];
        }),
      ),
    );
  }

  lines.push('', '## Outputs', '');
  if (outputs.length === 0) lines.push('No outputs.');
  else {
    lines.push(
      ...table(
        ['Name', 'Description', 'Sensitive'],
        outputs.map(o => [
          cell(code(o.name)),
          cell(o.description ?? ''),
          o.sensitive ? 'yes' : 'no',
        ]),
      ),
    );
  }

  lines.push('', '## Providers', '');
  if (providers.length === 0) lines.push('No providers.');
  else {
    lines.push(
      ...table(
        ['Name', 'Source', 'Version'],
        providers.map(p => [
          cell(code(p.name)),
          p.source === null ? '-' : cell(code(p.source)),
          p.versionConstraint === null ? '-' : cell(code(p.versionConstraint)),
        ]),
      ),
    );
  }
  return finish(lines);
}
