import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering eslint.config.js enforces, checked as a newcomer would trip over it: code put in a folder that may
 * not import what it imports fails lint. Linted as text under a path in the tree (nothing is written to src/); the
 * type-aware rules are switched off here because the file exists only in this test.
 */
const eslint = new ESLint({
	overrideConfig: {
		languageOptions: { parserOptions: { projectService: false, project: null } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'off',
			'@typescript-eslint/no-misused-promises': 'off'
		}
	}
});

async function problems(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering (eslint.config.js)', () => {
	it('fails a test file in the wrong folder that imports Dexie', async () => {
		const found = await problems(
			'src/lib/components/timeline-order.test.ts',
			"import Dexie from 'dexie';\nexport const db = new Dexie('x');\n"
		);
		expect(found.join('\n')).toMatch(
			/no-restricted-imports: .*dexie.*Storage goes through \$lib\/vault/
		);
	});

	it('lets the vault import Dexie', async () => {
		expect(
			await problems(
				'src/lib/vault/extra.ts',
				"import Dexie from 'dexie';\nexport const D = Dexie;\n"
			)
		).toEqual([]);
	});

	it('refuses an import that goes up a layer (the vault importing the viewer)', async () => {
		const found = await problems(
			'src/lib/vault/extra.ts',
			"import { ViewerError } from '$lib/viewer';\nexport const E = ViewerError;\n"
		);
		expect(found.join('\n')).toMatch(/vault\/ may import only/);
	});

	it('keeps crypto and dicom free of the app', async () => {
		for (const folder of ['crypto', 'dicom']) {
			const found = await problems(
				`src/lib/${folder}/extra.ts`,
				"import { t } from '$lib/i18n';\nexport const x = t;\n"
			);
			expect(found.join('\n')).toMatch(new RegExp(`${folder}/ may import only no other folder`));
		}
	});

	it('refuses a deep import past a folder’s index, and a library used outside its owner, dynamically too', async () => {
		const deep = await problems(
			'src/lib/share/extra.ts',
			"import { ByteReader } from '$lib/streams/byte-reader';\nexport const R = ByteReader;\n"
		);
		expect(deep.join('\n')).toMatch(/not a file inside it/);
		const dynamic = await problems(
			'src/lib/share/extra.ts',
			"export const sodium = () => import('libsodium-wrappers');\n"
		);
		expect(dynamic.join('\n')).toMatch(/no-restricted-syntax: Crypto goes through \$lib\/crypto/);
	});
});
