import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PASSPHRASE, newTestVault, rawVaultText } from '../../../tests/fixtures/vault';
import { putMetaRecord } from './ledger';
import type { ProviderConnection, SmartGrant } from './vault';

const enrolled: ProviderConnection = {
	id: 'p1',
	name: 'Clinic',
	dicomWebUrl: 'https://clinic.example/api/gateway/dicom-web',
	token: 'enrollment-token-secret',
	connectedAt: '2026-12-07T00:00:00.000Z'
};

const grant: SmartGrant = {
	fhirBase: 'https://ehr.example/fhir',
	imagingFhirBase: 'https://imaging.example/fhir',
	issuer: 'https://ehr.example',
	authorizationEndpoint: 'https://ehr.example/auth',
	tokenEndpoint: 'https://ehr.example/token',
	clientId: 'radfolio',
	patient: 'alice-fhir-id',
	patientName: 'Alice Example',
	patientIdentifiers: ['MRN-ALICE-1'],
	patientNames: ['alice example'],
	expiresAt: '2026-12-07T01:00:00.000Z',
	refreshToken: 'refresh-token-secret',
	scope: 'patient/ImagingStudy.rs offline_access',
	heldBack: []
};

describe('providers row format 2', () => {
	it('still reads a format-1 row (enrollment connections only)', async () => {
		const vault = await newTestVault();
		await putMetaRecord(vault.db, vault.session, 'providers', { v: 1, list: [enrolled] });
		expect(await vault.providers()).toEqual([enrolled]);
		expect(await vault.providerLaunch()).toBeNull();
	});

	it('seals SMART grants and a sign-in under way: no token, refresh token, verifier or patient in clear', async () => {
		const vault = await newTestVault();
		const smart: ProviderConnection = {
			...enrolled,
			id: 'p2',
			token: 'smart-access-token-secret',
			smart: grant
		};
		await vault.saveProviderLaunch({ state: 'state-secret', verifier: 'verifier-secret' });
		await vault.saveProviders([enrolled, smart]);
		vault.lock();
		await vault.unlock(PASSPHRASE);
		expect(await vault.providers()).toEqual([enrolled, smart]);
		// Saving the connections keeps the sign-in under way, and forgetting it keeps the connections.
		expect(await vault.providerLaunch()).toEqual({
			state: 'state-secret',
			verifier: 'verifier-secret'
		});
		const raw = await rawVaultText(vault);
		for (const secret of [
			'smart-access-token-secret',
			'refresh-token-secret',
			'verifier-secret',
			'state-secret',
			'alice-fhir-id',
			'Alice Example',
			'MRN-ALICE-1',
			'ehr.example'
		])
			expect(raw).not.toContain(secret);
		await vault.saveProviderLaunch(null);
		expect(await vault.providerLaunch()).toBeNull();
		expect(await vault.providers()).toEqual([enrolled, smart]);
	});

	it('refuses a row of a newer format rather than misreading it', async () => {
		const vault = await newTestVault();
		await putMetaRecord(vault.db, vault.session, 'providers', { v: 3, list: [] });
		await expect(vault.providers()).rejects.toMatchObject({ code: 'schema-too-new' });
	});
});
