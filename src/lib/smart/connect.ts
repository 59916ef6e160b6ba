import type { ProviderConnection, Vault } from '$lib/vault';
import { fhirBaseFrom } from './address';
import { discover } from './discovery';
import { beginLaunch, completeLaunch, readPending } from './launch';
import { idTokenAlgorithms } from './oauth';

/** A provider address as the patient gave it: a FHIR base, or an EHR launch link carrying `iss` (and `launch`). */
export function readProviderAddress(text: string): { fhirBase: string; launch: string | null } {
	const trimmed = text.trim();
	try {
		const url = new URL(trimmed);
		const iss = url.searchParams.get('iss');
		if (iss) return { fhirBase: fhirBaseFrom(iss), launch: url.searchParams.get('launch') };
	} catch {
		// Not a URL: fhirBaseFrom says so.
	}
	return { fhirBase: fhirBaseFrom(trimmed), launch: null };
}

/**
 * Starts a sign-in at the provider: discovery, then a new PKCE verifier and state sealed in the vault, and the
 * authorization URL to send the patient to. Starting again replaces a sign-in left unfinished.
 */
export async function startSignIn(input: {
	vault: Vault;
	fhirBase: string;
	launch?: string | null;
	origin: string;
}): Promise<string> {
	const discovered = await discover(input.fhirBase);
	const config = {
		...discovered,
		idTokenAlgs: discovered.issuer ? await idTokenAlgorithms(discovered.issuer) : null
	};
	const { pending, url } = await beginLaunch({
		config,
		origin: input.origin,
		launch: input.launch ?? undefined
	});
	await input.vault.saveProviderLaunch(pending);
	return url;
}

/**
 * Finishes the sign-in the provider sent the patient back from (`callbackUrl` with `code` and `state`): the
 * sealed sign-in is used once and forgotten, whatever happens, so an answer cannot be replayed.
 */
export async function finishSignIn(input: {
	vault: Vault;
	callbackUrl: string;
}): Promise<ProviderConnection> {
	const stored = await input.vault.providerLaunch();
	await input.vault.saveProviderLaunch(null);
	return completeLaunch({ pending: readPending(stored), callbackUrl: input.callbackUrl });
}
