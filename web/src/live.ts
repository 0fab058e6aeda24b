// The tab's one live socket, signed in as the session; opened only while a screen subscribes.
// Its own module, so that only the screens that follow live answers load the WebSocket client.
import { Live, socketUrl } from './api/live';
import { session } from './app';

export const live = new Live({ url: () => socketUrl(), tokens: () => (session.tokens ? session : null) });
