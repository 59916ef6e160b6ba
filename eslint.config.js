import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Each risky library has one owner folder; everything else goes through that folder's API. */
const owned = [
	{ name: 'tweetnacl', owner: 'src/lib/crypto', why: 'Crypto goes through $lib/crypto.' },
	{ name: 'dexie', owner: 'src/lib/vault', why: 'Storage goes through $lib/vault.' },
	{ name: 'dwv', owner: 'src/lib/viewer', why: 'Rendering goes through $lib/viewer.' }
];

function restrictedImportsExcept(owner) {
	const paths = owned
		.filter((o) => o.owner !== owner)
		.map((o) => ({ name: o.name, message: o.why }));
	return {
		'no-restricted-imports': [
			'error',
			{ paths, patterns: owned.filter((o) => o.owner !== owner).map((o) => `${o.name}/*`) }
		]
	};
}

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'static/assets/workers/',
			'test-results/',
			'playwright-report/',
			'tests/.generated/',
			'bench/.profiles/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
			]
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte'],
		languageOptions: {
			parserOptions: {
				projectService: {
					allowDefaultProject: [
						'playwright.config.ts',
						'src/service-worker.ts',
						'bench/browser/main.ts'
					]
				},
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': [
				'error',
				{ checksVoidReturn: { attributes: false } }
			]
		}
	},
	{ files: ['**/*'], rules: restrictedImportsExcept(null) },
	...owned.map((o) => ({ files: [`${o.owner}/**/*`], rules: restrictedImportsExcept(o.owner) })),
	// The benchmark's baseline page renders with dwv directly: it measures the app against bare dwv.
	{ files: ['bench/baseline/**/*'], rules: restrictedImportsExcept('src/lib/viewer') },
	// The vault benchmark page compares the vault with raw Dexie, so it uses Dexie directly.
	{ files: ['bench/browser/**/*'], rules: restrictedImportsExcept('src/lib/vault') }
);
