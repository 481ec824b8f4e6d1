// The option table and parsed values every subcommand file shares with subcommands.ts.
// Their own file so a subcommand need not import subcommands.ts, which imports every
// subcommand (no import cycle).
import type {ParseArgsConfig} from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ParsedValues = Record<string, string | boolean | Array<string | boolean> | undefined>;
