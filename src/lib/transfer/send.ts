import {
	PAIRING_PUBLIC_BYTES,
	confirmationCode,
	encryptShareStream,
	newPairingKeyPair,
	pairingKeys,
	sealJson,
	openJson,
	toBase64Url,
	wipe,
	type PairingKeys
} from '$lib/crypto';
import { RelayClient } from '$lib/share/relay-client';
import { uploadStream } from '$lib/share/upload';
import { exportBackup, type Vault } from '$lib/vault';
import { newMailboxId, transferLink } from './link';
import { MailboxClient } from './mailbox';
import { DONE, OFFER, SLOT, TRANSFER_VERSION, type TransferOffer } from './messages';

/** The relay share holding the vault in transit: one download, and gone within the hour whatever happens. */
const IN_TRANSIT_SECONDS = 3600;

/**
 * "Add a device" on the device that has the vault: shows a link, waits for the new device, shows the code both
 * screens must agree on, and — once the patient confirms it and gives their passphrase — sends the vault.
 */
export class DeviceSender {
	readonly mailbox = newMailboxId();
	readonly #pair = newPairingKeyPair();
	readonly #boxes: MailboxClient;
	#keys: PairingKeys | null = null;

	constructor(
		readonly relayBase: string,
		readonly appOrigin: string
	) {
		this.#boxes = new MailboxClient(relayBase);
	}

	get link(): string {
		return transferLink(this.appOrigin, {
			mailbox: this.mailbox,
			oldPublicKey: this.#pair.publicKey
		});
	}

	/** Resolves to the confirmation code once a device has answered the link. */
	async waitForNewDevice(signal: AbortSignal): Promise<string> {
		const theirs = await this.#boxes.wait(this.mailbox, SLOT.newDevice, signal);
		if (theirs.length !== PAIRING_PUBLIC_BYTES)
			throw new Error('the other device sent no usable key');
		this.#keys = pairingKeys(this.#pair, theirs, 'old');
		return confirmationCode(this.#pair.publicKey, theirs);
	}

	/**
	 * Sends the whole vault (after the patient confirmed the code): through the relay, or — with `toFile` — as a
	 * file the patient carries over, the same encrypted stream. A wrong passphrase sends nothing.
	 */
	async send(input: {
		vault: Vault;
		passphrase: string;
		onProgress?: (sent: number) => void;
		signal?: AbortSignal;
		toFile?: (encrypted: ReadableStream<Uint8Array>) => Promise<void>;
	}): Promise<void> {
		const keys = this.#keys;
		if (!keys) throw new Error('no device has answered yet');
		const master = await input.vault.masterKey(input.passphrase);
		const relay = new RelayClient(this.relayBase);
		try {
			let plainBytes = 0;
			const backup = exportBackup(input.vault);
			const plain = new ReadableStream<Uint8Array>({
				async pull(controller) {
					const { done, value } = await backup.next();
					if (done) return controller.close();
					plainBytes += value.length;
					controller.enqueue(value);
				},
				async cancel() {
					await backup.return(undefined);
				}
			});
			const encrypted = plain.pipeThrough(await encryptShareStream(keys.stream));
			let share: string | null = null;
			if (input.toFile) {
				await input.toFile(encrypted);
			} else {
				const created = await relay.create(IN_TRANSIT_SECONDS, 1);
				await uploadStream(relay, created, encrypted, {
					onProgress: ({ sent }) => input.onProgress?.(sent),
					signal: input.signal
				});
				share = created.id;
			}
			const offer: TransferOffer = {
				v: TRANSFER_VERSION,
				share,
				master: toBase64Url(master),
				bytes: plainBytes
			};
			await this.#boxes.put(this.mailbox, SLOT.offer, sealJson(keys.message, OFFER, offer));
		} finally {
			wipe(master);
		}
	}

	/** Resolves once the new device says it has everything; then the mailbox is ended. */
	async waitForDone(signal: AbortSignal): Promise<void> {
		const keys = this.#keys;
		if (!keys) throw new Error('no device has answered yet');
		openJson(keys.message, DONE, await this.#boxes.wait(this.mailbox, SLOT.done, signal));
		await this.#boxes.end(this.mailbox);
		this.dispose();
	}

	dispose() {
		wipe(this.#pair.secretKey, this.#keys?.message, this.#keys?.stream);
	}
}
