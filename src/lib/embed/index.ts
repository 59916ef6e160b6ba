// The portal embedding protocol (postMessage, v1).
export {
	EMBED_PROTOCOL_VERSION,
	parsePortalMessage,
	type PortalEnrollment,
	type RadfolioToPortal
} from './protocol';
