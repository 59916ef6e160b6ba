// One page for every share id: rendered by the server's SPA fallback, never prerendered.
export const prerender = false;
