// ESLint flat config: @eslint/js and typescript-eslint recommended (syntax-only: the
// type-aware presets took ~45 s on 2 cores and tsc already checks types) over every
// source, test, bench and script file. CONTRIBUTING.md has the commands.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		ignores: ['dist/', 'dist-bin/', 'node_modules/', 'test/fixtures/', 'patches/', '.sandbox/', 'bench/results/', '.exp/'],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		linterOptions: {
			// A disable comment that no longer disables anything is an error (issue 16 found orphans).
			reportUnusedDisableDirectives: 'error',
		},
		rules: {
			// docknet's job includes terminal text: sanitisers, ANSI/OSC parsers and tests that
			// match ESC, BEL and C0 controls on purpose. The rule would need a disable on every one.
			'no-control-regex': 'off',
			// `_name` marks a parameter an interface requires but this implementation ignores
			// (tsconfig's noUnusedParameters follows the same convention).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true},
			],
		},
	},
	{
		// Plain JavaScript run by Node (build scripts, the launcher): Node's globals.
		files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				Buffer: 'readonly',
				URL: 'readonly',
				setTimeout: 'readonly',
				clearTimeout: 'readonly',
			},
		},
	},
	{
		// CommonJS config files (dependency-cruiser's).
		files: ['**/*.cjs'],
		languageOptions: {sourceType: 'commonjs', globals: {module: 'writable', require: 'readonly', __dirname: 'readonly'}},
	},
);
