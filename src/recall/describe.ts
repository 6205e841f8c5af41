/**
 * The channel options reference (docs/recall-options.md), generated from the
 * registry's schemas and defaults so the documentation cannot drift from the
 * code: `npm run docs:channels` rewrites it and a test compares the two.
 */
import type { TSchema } from 'typebox';
import { CHANNEL_NAMES, channelSpec } from './registry.js';

interface OptionSchema {
  description?: string;
  enum?: readonly unknown[];
  anyOf?: readonly { const?: unknown }[];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function choices(schema: OptionSchema): string {
  const values = schema.enum ?? schema.anyOf?.map((s) => s.const);
  return values?.length ? ` One of: ${values.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
}

export function channelOptionsMarkdown(): string {
  const lines = [
    '# Recall channel options',
    '',
    '<!-- Generated from src/recall/registry.ts by `npm run docs:channels`; do not edit by hand. -->',
    '',
    'Set any of these under `training.channels.<channel>` in `tessera.config.json`',
    '(see [configuration](configuration.md)); unset options take the defaults below.',
    'What each channel does, and how they are combined: [recall](recall.md).',
  ];
  for (const name of CHANNEL_NAMES) {
    const spec = channelSpec(name);
    const properties = (spec.options as TSchema & { properties: Record<string, OptionSchema> }).properties;
    const defaults = spec.defaults as Record<string, unknown>;
    lines.push('', `## ${name}`, '', `${spec.description[0]!.toUpperCase()}${spec.description.slice(1)}.`, '');
    lines.push('| option | default | meaning |', '|---|---|---|');
    for (const [option, schema] of Object.entries(properties)) {
      const value = defaults[option] === undefined ? '(unset)' : `\`${JSON.stringify(defaults[option])}\``;
      lines.push(`| \`${option}\` | ${cell(value)} | ${cell((schema.description ?? '') + choices(schema))} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
