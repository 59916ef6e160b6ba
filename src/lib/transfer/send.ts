import {
	PAIRING_PUBLIC_BYTES,
	constantTimeEqual,
	encryptShareStream,
	newPairingKeyPair,
	pairingKeys,
	sealJson,
	openJson,
	toBase64Url,
	wipe,
	type PairingKeys
} from '$lib/crypto';
import { MailboxClient, RelayClient, type OpenedMailbox } from '$lib/relay';
import { uploadStream } from '$lib/share';
import { exportBackup, type Vault } from '$lib/vault';
import { TransferError } from './errors';
import { transferLink } from './link';
import { DONE, OFFER, SLOT, TRANSFER_VERSION, type TransferOffer } from './messages';

/** The relay share holding the vault in transit: one download, and gone within the hour whatever happens. */
const IN_TRANSIT_SECONDS = 3600;

/**
 * "Add a device" on the device that has the vault: opens a mailbox, shows a link, waits for the new device, shows
 * the code both screens must agree on, and — once the patient confirms it and gives their passphrase — sends the
 * vault.
 */
export class DeviceSender {
	readonly #pair = newPairingKeyPair();
	readonly #boxes: MailboxClient;
	#mailbox: OpenedMailbox | null = null;
	/** The answer as first read: the key the code on this screen was made with. */
	#answer: Uint8Array | null = null;
	#keys: PairingKeys | null = null;

	constructor(
		readonly relayBase: string,
		readonly appOrigin: string,
		/** Digits of the confirmation code; fewer only in tests that make an attack's search fast. */
		readonly codeDigits?: number
	) {
		this.#boxes = new MailboxClient(relayBase);
	}

	/** Opens the mailbox on the relay; then `link` can be shown. */
	async open(signal?: AbortSignal): Promise<void> {
		this.#mailbox ??= await this.#boxes.open(signal);
	}

	get mailbox(): string {
		if (!this.#mailbox) throw new Error('open the mailbox first');
		return this.#mailbox.id;
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
		this.#keys = pairingKeys(this.#pair, theirs, 'old', this.codeDigits);
		this.#answer = theirs;
		return this.#keys.code;
	}

	/**
	 * The answer must still be the one the code was made from. Only the relay's operator could change it (a slot
	 * takes one write); a mailbox that changed under this device gets nothing.
	 */
	async #checkAnswerUnchanged(signal?: AbortSignal) {
		const now = await this.#boxes.get(this.mailbox, SLOT.newDevice, signal);
		if (!now || !this.#answer || !constantTimeEqual(now, this.#answer)) {
			throw new TransferError(
				'mailbox-changed',
				'the pairing changed on the relay after the code was shown; nothing was sent'
			);
		}
	}

	/**
	 * Sends the whole vault (after the patient confirmed the code): through the relay, or — with `toFile` — as a
	 * file the patient carries over, the same encrypted stream. A wrong passphrase sends nothing; neither does a
	 * mailbox whose answer changed since the code was shown.
	 */
	async send(input: {
		vault: Vault;
		passphrase: string;
		onProgress?: (sent: number) => void;
		signal?: AbortSignal;
		toFile?: (encrypted: ReadableStream<Uint8Array>) => Promise<void>;
	}): Promise<void> {
		const keys = this.#keys;
		const mailbox = this.#mailbox;
		if (!keys || !mailbox) throw new TransferError('not-answered', 'no device has answered yet');
		await this.#checkAnswerUnchanged(input.signal);
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
			// Checked again right before the key leaves: the upload may have taken minutes.
			await this.#checkAnswerUnchanged(input.signal);
			await this.#boxes.put(
				mailbox.id,
				SLOT.offer,
				sealJson(keys.message, OFFER, offer),
				mailbox.ownerToken
			);
		} finally {
			wipe(master);
		}
	}

	/** Resolves once the new device says it has everything; then the mailbox is ended. */
	async waitForDone(signal: AbortSignal): Promise<void> {
		const keys = this.#keys;
		const mailbox = this.#mailbox;
		if (!keys || !mailbox) throw new TransferError('not-answered', 'no device has answered yet');
		openJson(keys.message, DONE, await this.#boxes.wait(mailbox.id, SLOT.done, signal));
		await this.#boxes.end(mailbox);
		this.dispose();
	}

	dispose() {
		wipe(this.#pair.secretKey, this.#keys?.message, this.#keys?.stream);
	}
}
