import {
	ArchiveError,
	DicomWebClient,
	providerRequest,
	syncProvider,
	type StudyToSync,
	type SyncOptions,
	type SyncResult
} from '$lib/archive';
import type { ProviderConnection, SmartGrant, Vault } from '$lib/vault';
import { sameOrigin, secureUrl } from './address';
import { readSearchPage, type ListedStudy } from './fhir';
import { readPatientFacts } from './launch';
import { refreshTokens, type IssuedTokens } from './oauth';
import { isThisPatient } from './patient';

/** An access token this close to its expiry is renewed before a sync starts. */
const RENEW_BEFORE_MS = 60_000;
/** A search longer than this many pages is cut (a server that links its pages in a loop). */
const MAX_PAGES = 500;

type SmartSyncOptions = Omit<SyncOptions, 'studies' | 'checkPatient'>;
export type SmartSyncResult = SyncResult & { connection: ProviderConnection };

/**
 * Sync of a SMART connection: renew the access token when it is about to expire (the refresh token), list
 * `ImagingStudy?patient=<the token's patient>` page by page, and hand every study with a WADO-RS endpoint to the
 * same engine as an enrollment's ($lib/archive syncProvider: resumable, complete only when whole), each retrieved
 * from its own endpoint, with the token only where the endpoint asks for it. Every file is checked to be this
 * patient's; a study whose files name someone else is held back (kept out of the vault, listed on Providers).
 * A 401 renews the token once and goes on from where it stopped; a refresh refused ends the grant ('grant-ended':
 * "Reconnect"), and everything synced stays. New tokens are sealed in the vault the moment they arrive: a
 * rotated refresh token lost would end the grant.
 */
export async function syncSmartProvider(options: SmartSyncOptions): Promise<SmartSyncResult> {
	const { vault, signal } = options;
	const now = () => options.now?.() ?? new Date();
	let connection = options.connection;
	const grant = () => connection.smart!;
	let renewed = false;
	const renew = async () => {
		renewed = true;
		const current: IssuedTokens = {
			accessToken: connection.token,
			refreshToken: grant().refreshToken,
			expiresAt: grant().expiresAt,
			scope: grant().scope
		};
		const next = await refreshTokens({ grant: grant(), current, now: now(), signal });
		connection = {
			...connection,
			token: next.accessToken,
			smart: { ...grant(), ...next, refreshToken: next.refreshToken }
		};
		await keep(vault, connection);
	};
	const failed = (error: unknown): SmartSyncResult => {
		if (!(error instanceof ArchiveError)) throw error;
		// For a SMART grant, a refused token means the approval ended: the patient reconnects at the provider.
		const ended = error.kind === 'unauthorized' ? new ArchiveError('grant-ended') : error;
		return { ...emptyResult(), error: ended, connection };
	};
	try {
		const expiresAt = grant().expiresAt ? Date.parse(grant().expiresAt!) : null;
		if (expiresAt !== null && expiresAt - now().getTime() < RENEW_BEFORE_MS) await renew();
	} catch (error) {
		if ((error as Error)?.name === 'AbortError')
			return { ...emptyResult(), cancelled: true, connection };
		return failed(error);
	}
	for (;;) {
		let result: SyncResult;
		try {
			if (!grant().patientIdentifiers.length && !grant().patientNames.length) {
				const facts = await readPatientFacts(
					grant().fhirBase,
					grant().patient,
					connection.token,
					signal
				);
				if (facts) {
					connection = {
						...connection,
						smart: {
							...grant(),
							patientName: facts.display,
							patientIdentifiers: facts.identifiers,
							patientNames: facts.names
						}
					};
				}
			}
			const listed = await listStudies(grant(), connection.token, signal);
			const held = new Set(grant().heldBack.map((h) => h.studyUid));
			const studies = await toSync(
				vault,
				listed.filter((s) => !held.has(s.uid) && s.endpoint),
				connection.token,
				grant().imagingFhirBase,
				signal
			);
			const facts = grant();
			result = await syncProvider({
				...options,
				connection,
				studies,
				// Without the Patient's identifiers or names there is nothing to compare with: the server's own
				// patient scoping is then all there is (the Patient could not be read; sync tries again each time).
				checkPatient:
					facts.patientIdentifiers.length || facts.patientNames.length
						? (info) =>
								isThisPatient(info, {
									identifiers: facts.patientIdentifiers,
									names: facts.patientNames
								})
						: undefined
			});
		} catch (error) {
			if ((error as Error)?.name === 'AbortError')
				return { ...emptyResult(), cancelled: true, connection };
			if (error instanceof ArchiveError && error.kind === 'unauthorized' && !renewed) {
				try {
					await renew();
				} catch (refreshError) {
					return failed(refreshError);
				}
				continue;
			}
			return failed(error);
		}
		if (result.error instanceof ArchiveError && result.error.kind === 'unauthorized' && !renewed) {
			// Expired mid-sync: renewed, and the engine resumes with what is still missing.
			try {
				await renew();
			} catch (refreshError) {
				return {
					...failed(refreshError),
					stored: result.stored,
					updatedStudies: result.updatedStudies
				};
			}
			continue;
		}
		if (result.otherPatient.length) {
			const at = now().toISOString();
			connection = {
				...connection,
				smart: {
					...grant(),
					heldBack: [...grant().heldBack, ...result.otherPatient.map((o) => ({ ...o, at }))].slice(
						-100
					)
				}
			};
		}
		return result.error instanceof ArchiveError && result.error.kind === 'unauthorized'
			? { ...result, error: new ArchiveError('grant-ended'), connection }
			: { ...result, connection };
	}
}

function emptyResult(): SyncResult {
	return {
		stored: 0,
		updatedStudies: 0,
		incompleteStudies: 0,
		skipped: [],
		otherPatient: [],
		cancelled: false,
		error: null
	};
}

/** Seals the connection's new tokens at once (re-read: a connect or disconnect may have happened meanwhile). */
async function keep(vault: Vault, connection: ProviderConnection) {
	const list = await vault.providers();
	await vault.saveProviders(list.map((p) => (p.id === connection.id ? connection : p)));
}

/**
 * Every page of `ImagingStudy?patient=<id>&_include=ImagingStudy:endpoint`. `next` links are followed only on the
 * imaging server's own origin: the token goes nowhere else.
 */
export async function listStudies(
	grant: SmartGrant,
	token: string,
	signal?: AbortSignal
): Promise<ListedStudy[]> {
	const studies: ListedStudy[] = [];
	const seen = new Set<string>();
	let url: string | null =
		`${grant.imagingFhirBase}/ImagingStudy?patient=${encodeURIComponent(grant.patient)}` +
		'&_include=ImagingStudy:endpoint';
	while (url) {
		if (seen.has(url) || seen.size >= MAX_PAGES) throw new ArchiveError('bad-listing');
		seen.add(url);
		const response = await providerRequest(url, {
			headers: { Accept: 'application/fhir+json', Authorization: `Bearer ${token}` },
			signal
		});
		let page;
		try {
			page = readSearchPage(await response.json(), grant.patient);
		} catch (error) {
			throw new ArchiveError('bad-listing', { cause: error });
		}
		studies.push(...page.studies);
		const next: URL | null = page.next ? secureUrl(page.next, url) : null;
		if (page.next && (!next || !sameOrigin(next.href, grant.imagingFhirBase))) {
			throw new ArchiveError('bad-listing');
		}
		url = next?.href ?? null;
	}
	// One entry per study, even if a server lists it on two pages.
	return [...new Map(studies.map((s) => [s.uid, s])).values()];
}

/**
 * The listed studies as the engine takes them: each with a client for its own endpoint (the token only where the
 * endpoint requires it), and its series and instances when the listing gave them, else from WADO-RS metadata for
 * a study not yet complete in the vault (so a cut retrieve resumes with what is missing), else the whole study.
 */
async function toSync(
	vault: Vault,
	studies: ListedStudy[],
	token: string,
	imagingBase: string,
	signal?: AbortSignal
): Promise<StudyToSync[]> {
	const clients = new Map<string, DicomWebClient>();
	const out: StudyToSync[] = [];
	for (const study of studies) {
		const endpoint = study.endpoint!;
		// The patient's token goes to the imaging server the EHR named, never to an origin a listing names: a
		// compromised or hostile listing could otherwise point an endpoint at its own host and collect the token.
		// Such a study is left unsynced (capability URLs, sent without the token, may live anywhere).
		if (endpoint.requiresToken && !sameOrigin(endpoint.address, imagingBase)) continue;
		const key = `${endpoint.requiresToken}|${endpoint.address}`;
		let client = clients.get(key);
		if (!client) {
			client = new DicomWebClient(endpoint.address, endpoint.requiresToken ? token : null, signal, {
				asStored: true
			});
			clients.set(key, client);
		}
		let contents = study.contents;
		if (!contents) {
			const stored = await vault.studies.getStudy(vault.session.id('study', study.uid));
			contents = stored?.complete ? null : await client.studyContents(study.uid).catch(notListed);
		}
		out.push({
			uid: study.uid,
			date: study.date,
			instanceCount: study.instanceCount,
			client,
			contents
		});
	}
	return out;
}

/** WADO-RS metadata is optional in the IG: an endpoint that fails it is retrieved whole, unless the token failed. */
function notListed(error: unknown): null {
	if (error instanceof ArchiveError && error.kind === 'unauthorized') throw error;
	if ((error as Error)?.name === 'AbortError') throw error;
	return null;
}
