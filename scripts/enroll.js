// Enrollment for the provider gateway, run by the imaging center with the server's environment:
//
//   npm run enroll -- --patient-id <ID> [--hours 72]   one-time code + link + QR for that patient
//   npm run enroll -- --list [--patient-id <ID>]       the patient tokens issued (ids, dates, revoked)
//   npm run enroll -- --revoke <token-id>              revoke one token
//   npm run enroll -- --revoke-patient <ID>            revoke all of a patient's tokens and unused codes
//
// Environment: RADFOLIO_DATA_DIR (./data), RADFOLIO_DATABASE_URL (PostgreSQL, when the servers run on it),
// RADFOLIO_PUBLIC_URL (where this server is reached; default http://127.0.0.1:$PORT), RADFOLIO_APP_URL (where
// patients open Radfolio, when not this server).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import QRCode from 'qrcode';
import { createPool } from '../src/lib/server/db/postgres.js';
import {
	EnrollmentError,
	EnrollmentStore,
	loadGatewaySecret
} from '../src/lib/server/gateway/enrollments.js';
import { PgEnrollmentStore } from '../src/lib/server/gateway/pg-enrollments.js';

const usage = `usage: npm run enroll -- --patient-id <ID> [--hours <1-720>]
       npm run enroll -- --list [--patient-id <ID>]
       npm run enroll -- --revoke <token-id> | --revoke-patient <ID>`;

let args;
try {
	args = parseArgs({
		options: {
			'patient-id': { type: 'string' },
			hours: { type: 'string' },
			list: { type: 'boolean' },
			revoke: { type: 'string' },
			'revoke-patient': { type: 'string' },
			'no-qr': { type: 'boolean' }
		}
	}).values;
} catch (error) {
	console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
	process.exit(2);
}

const env = process.env;
const publicUrl = (env.RADFOLIO_PUBLIC_URL || `http://127.0.0.1:${env.PORT || 3000}`).replace(
	/\/+$/,
	''
);
const appUrl = (env.RADFOLIO_APP_URL || publicUrl).replace(/\/+$/, '');
const dataDir = resolve(env.RADFOLIO_DATA_DIR || 'data');
// On PostgreSQL the codes go to the database every instance reads, under the secret they share.
const databaseUrl = env.RADFOLIO_DATABASE_URL?.trim();
if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
	console.error('RADFOLIO_DATABASE_URL must be a postgres:// URL (or unset, for SQLite)');
	process.exit(2);
}
const pool = databaseUrl ? createPool(databaseUrl, { max: 1 }) : null;
const store = pool
	? await PgEnrollmentStore.open(pool, loadGatewaySecret(env, dataDir))
	: new EnrollmentStore(dataDir);

try {
	if (args.revoke || args['revoke-patient']) {
		const count = args.revoke
			? await store.revoke({ id: args.revoke })
			: await store.revoke({ patientId: args['revoke-patient'] });
		console.log(count ? `Revoked: ${count}` : 'Nothing to revoke (unknown or already revoked).');
		process.exitCode = count ? 0 : 1;
	} else if (args.list) {
		const rows = await store.listTokens(args['patient-id']);
		if (!rows.length) console.log('No tokens issued.');
		for (const t of rows) {
			const state = t.revokedAt ? `revoked ${new Date(t.revokedAt).toISOString()}` : 'active';
			console.log(
				`${t.id}\t${t.patientId}\tissued ${new Date(t.createdAt).toISOString()}\t${state}`
			);
		}
	} else if (args['patient-id'] !== undefined) {
		const hours = args.hours === undefined ? undefined : Number(args.hours);
		const { code, expiresAt } = await store.createCode(args['patient-id'], { hours });
		// The code travels in the fragment: it never reaches a server log on its way to the app.
		const fragment = new URLSearchParams({ code });
		if (appUrl !== publicUrl) fragment.set('gateway', `${publicUrl}/api/gateway`);
		const link = `${appUrl}/providers#${fragment}`;
		console.log(`Enrollment code: ${code}`);
		console.log(`Expires: ${new Date(expiresAt).toISOString()} (one use)`);
		console.log(`Enrollment link: ${link}`);
		if (!args['no-qr']) console.log(await QRCode.toString(link, { type: 'terminal', small: true }));
	} else {
		console.error(usage);
		process.exitCode = 2;
	}
} catch (error) {
	if (!(error instanceof EnrollmentError)) throw error;
	console.error(`Refused: ${error.message}`);
	process.exitCode = 2;
} finally {
	store.close();
	await pool?.end();
}
