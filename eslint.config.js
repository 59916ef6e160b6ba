import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Each third-party library has one owner folder; everything else goes through that folder's API. Static and
 * dynamic imports alike (a dynamic import is how a heavy library stays out of a page's bundle, not a way around
 * its owner). `scope` limits a rule to the app's code where test harnesses (tests/, scripts/, bench/) use the
 * library directly on purpose (to read a database raw, to make fixtures).
 */
const owned = [
	{ name: 'tweetnacl', owner: 'src/lib/crypto', why: 'Crypto goes through $lib/crypto.' },
	{ name: 'libsodium-wrappers', owner: 'src/lib/crypto', why: 'Crypto goes through $lib/crypto.' },
	{
		name: '@noble/hashes',
		owner: 'src/lib/crypto',
		why: 'Hashes go through $lib/crypto.',
		scope: 'src'
	},
	{ name: 'hash-wasm', owner: 'src/lib/crypto', why: 'Key derivation goes through $lib/crypto.' },
	{ name: 'dexie', owner: 'src/lib/vault', why: 'Storage goes through $lib/vault.' },
	{ name: 'dwv', owner: 'src/lib/viewer', why: 'Rendering goes through $lib/viewer.' },
	// dicom/ adapts the codecs (wasm-codecs.ts) and its tests decode with them; the viewer loads them.
	{
		name: '@cornerstonejs',
		owner: 'src/lib/viewer',
		alsoIn: 'src/lib/dicom',
		why: 'Codecs load through $lib/viewer.',
		scope: 'src'
	},
	{
		name: 'dicom-parser',
		owner: 'src/lib/dicom',
		why: 'DICOM goes through $lib/dicom.',
		scope: 'src'
	},
	{ name: 'dcmjs', owner: 'src/lib/dicom', why: 'DICOM goes through $lib/dicom.', scope: 'src' },
	{ name: 'fflate', owner: 'src/lib/dicom', why: 'Zip goes through $lib/dicom.', scope: 'src' },
	{ name: 'oauth4webapi', owner: 'src/lib/smart', why: 'OAuth goes through $lib/smart.' },
	{
		name: '@remix-run/multipart-parser',
		owner: 'src/lib/archive',
		why: 'DICOMweb goes through $lib/archive.'
	},
	{
		name: 'workbox-window',
		owner: 'src/lib/state',
		why: 'The service worker is $lib/state (app.svelte.ts).'
	},
	{
		name: 'qrcode',
		owner: 'src/lib/components',
		why: 'QR codes are drawn by components.',
		scope: 'src'
	},
	{
		name: 'pg',
		owner: 'src/lib/server',
		why: 'PostgreSQL is the server’s ($lib/server/db).',
		scope: 'src'
	},
	{ name: 'better-sqlite3', owner: 'src/lib/server', why: 'SQLite is the server’s.', scope: 'src' },
	{ name: '@aws-sdk/client-s3', owner: 'src/lib/server', why: 'S3 is the server’s.', scope: 'src' }
];

/**
 * Which $lib folders each folder may import (besides itself, `$lib/timing`, and the types of the error codes
 * $lib/messages puts into words). One way: pure helpers at the bottom (crypto, dicom, streams, i18n, relay), the
 * study model above them, the vault, the flows (import, archive, share, transfer, export), the viewer, the words,
 * the state the interface reads, and the components and routes on top. docs/ARCHITECTURE.md draws it.
 */
const LAYERS = {
	crypto: [],
	dicom: [],
	i18n: [],
	streams: [],
	relay: [],
	embed: [],
	study: ['dicom'],
	vault: ['crypto', 'dicom', 'study', 'streams'],
	import: ['crypto', 'dicom', 'study', 'vault'],
	archive: ['dicom', 'study', 'vault', 'import'],
	smart: ['archive', 'dicom', 'vault'],
	export: ['dicom', 'study', 'streams'],
	share: ['crypto', 'dicom', 'study', 'vault', 'relay', 'streams'],
	transfer: ['crypto', 'vault', 'relay', 'share', 'streams'],
	dose: ['dicom', 'study', 'vault', 'i18n', 'glossary'],
	glossary: ['i18n'],
	viewer: ['dicom', 'study', 'i18n', 'messages', 'glossary', 'dose', 'streams'],
	messages: [
		'i18n',
		'archive',
		'crypto',
		'dicom',
		'relay',
		'share',
		'smart',
		'study',
		'transfer',
		'vault',
		'viewer',
		'import'
	],
	state: [
		'archive',
		'crypto',
		'dicom',
		'embed',
		'i18n',
		'import',
		'messages',
		'relay',
		'share',
		'smart',
		'study',
		'vault'
	],
	server: ['crypto', 'dicom', 'streams']
};
const FOLDERS = [...Object.keys(LAYERS), 'components'];

/**
 * Each folder's public door is its index.ts: no import reaches past it. Svelte components are imported by their
 * own file (an index re-exporting them would put every component of a folder in each page's bundle: compiled
 * components register their events when their module loads). `$lib/dicom/pixels` is the dicom folder's second
 * door, for the viewer's decoding worker; `$lib/server/**` is server-only and SvelteKit keeps it off the client.
 */
const DEEP = String.raw`^\$lib/(?!server/|dicom/pixels$|crypto/formats$)[^/]+/(?!.*\.svelte$).+$`;

function importRules({ folder = null, scope = 'all', tests = false } = {}) {
	const libraries = owned.filter(
		(o) =>
			o.owner !== (folder && `src/lib/${folder}`) &&
			o.alsoIn !== (folder && `src/lib/${folder}`) &&
			(scope === 'src' || o.scope !== 'src')
	);
	const patterns = [
		...libraries.map((o) => ({ group: [o.name, `${o.name}/**`], message: o.why })),
		{ regex: DEEP, message: 'Import the folder’s index ($lib/<folder>), not a file inside it.' }
	];
	const allowed = folder && LAYERS[folder];
	if (allowed && !tests) {
		const forbidden = FOLDERS.filter((f) => f !== folder && !allowed.includes(f));
		if (forbidden.length)
			patterns.push({
				regex: String.raw`^\$lib/(${forbidden.join('|')})(/|$)`,
				message: `${folder}/ may import only ${allowed.length ? allowed.map((f) => `$lib/${f}`).join(', ') : 'no other folder of the app'} (eslint.config.js LAYERS).`
			});
	}
	const dynamic = libraries.map((o) => ({
		selector: `ImportExpression[source.value=/^${o.name.replace(/[/@.-]/g, (c) => `\\${c}`)}(\\/|$)/]`,
		message: o.why
	}));
	return {
		'no-restricted-imports': ['error', { patterns }],
		'no-restricted-syntax': ['error', ...dynamic]
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
	{ files: ['**/*'], rules: importRules() },
	{ files: ['src/**/*'], rules: importRules({ scope: 'src' }) },
	...Object.keys(LAYERS).flatMap((folder) => [
		{ files: [`src/lib/${folder}/**/*`], rules: importRules({ folder, scope: 'src' }) },
		// Tests beside the code set up what they test with other folders (a vault, a relay): the layers do not
		// bind them, the library owners do.
		{
			files: [`src/lib/${folder}/**/*.test.ts`],
			rules: importRules({ folder, scope: 'src', tests: true })
		}
	]),
	{
		files: ['src/lib/components/**/*'],
		rules: importRules({ folder: 'components', scope: 'src' })
	},
	// The benchmark's baseline page renders with dwv directly: it measures the app against bare dwv.
	{ files: ['bench/baseline/**/*'], rules: importRules({ folder: 'viewer' }) },
	// The benchmark pages measure parts of the app against raw baselines (the vault against raw Dexie, a bundle,
	// read-ahead): a harness that reaches the parts it times, Dexie included.
	{ files: ['bench/browser/**/*'], rules: importRules({ folder: 'vault', tests: true }) }
);
