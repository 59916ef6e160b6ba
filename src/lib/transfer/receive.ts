import {
	decryptShareStream,
	fromBase64Url,
	newPairingKeyPair,
	openJson,
	pairingKeys,
	sealJson,
	wipe
} from '$lib/crypto';
import { downloadShare } from '$lib/share';
import { restoreTransferred, type Vault } from '$lib/vault';
import { TransferError } from './errors';
import type { TransferLink } from './link';
import { MailboxClient } from '$lib/relay';
import { DONE, OFFER, SLOT, TRANSFER_VERSION, isOffer } from './messages';

/**
 * The new device's side of "Add a device": answers the link with its public key, shows the confirmation code,
 * then waits for the vault, downloads it, and keeps it under the passphrase chosen here.
 */
export class DeviceReceiver {
	readonly #pair = newPairingKeyPair();
	readonly #boxes: MailboxClient;
	readonly #keys;
	/** The relay's proof that this device answered: only it may then say "done". */
	#peerToken: string | null = null;

	constructor(
		readonly relayBase: string,
		readonly link: TransferLink,
		/** Digits of the confirmation code; fewer only in tests that make an attack's search fast. */
		codeDigits?: number
	) {
		this.#boxes = new MailboxClient(relayBase);
		this.#keys = pairingKeys(this.#pair, link.oldPublicKey, 'new', codeDigits);
	}

	/** Leaves this device's key for the old one; the code to show. */
	async answer(signal?: AbortSignal): Promise<string> {
		const { peerToken } = await this.#boxes.put(
			this.link.mailbox,
			SLOT.newDevice,
			this.#pair.publicKey,
			undefined,
			signal
		);
		this.#peerToken = peerToken ?? null;
		return this.#keys.code;
	}

	/**
	 * Waits for the old device to send, then restores everything into `vault` (which must have no vault yet)
	 * under `passphrase`. Nothing is kept unless all of it arrived and checked out.
	 */
	async receive(input: {
		vault: Vault;
		passphrase: string;
		signal: AbortSignal;
		onSending?: () => void;
		onProgress?: (received: number, total: number) => void;
		/** When the old device saved the vault as a file: resolves to that file, as the patient picks it. */
		file: () => Promise<Blob>;
	}): Promise<void> {
		const sealed = await this.#boxes.wait(this.link.mailbox, SLOT.offer, input.signal);
		const offer = openJson<unknown>(this.#keys.message, OFFER, sealed);
		if (!isOffer(offer)) throw new TransferError('unreadable-offer');
		let cipher: Blob;
		let acknowledge = async () => {};
		if (offer.share === null) {
			cipher = await input.file();
		} else {
			input.onSending?.();
			const download = await downloadShare(
				this.relayBase,
				offer.share,
				input.onProgress,
				input.signal
			);
			cipher = download.cipher;
			acknowledge = download.acknowledge;
		}
		const master = fromBase64Url(offer.master);
		try {
			await restoreTransferred({
				vault: input.vault,
				stream: cipher.stream().pipeThrough(decryptShareStream(this.#keys.stream)),
				master,
				passphrase: input.passphrase
			});
		} finally {
			wipe(master);
		}
		// Everything arrived and checked out: the relay can drop the vault in transit now.
		await acknowledge();
		await this.#boxes
			.put(
				this.link.mailbox,
				SLOT.done,
				sealJson(this.#keys.message, DONE, { v: TRANSFER_VERSION }),
				this.#peerToken ?? undefined
			)
			.catch(() => {});
		this.dispose();
	}

	dispose() {
		wipe(this.#pair.secretKey, this.#keys.message, this.#keys.stream);
	}
}
