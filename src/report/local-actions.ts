// What the admin does about a delivery on this host that failed (direction local), per category. The
// catalog's actions speak to whoever sent a refused message ("tell the recipient by another channel;
// nothing is wrong on the sending side"); here both sides are the admin's own: the mailbox, the
// delivery agent and its configuration. Categories without an entry keep the catalog's action when it
// already speaks to the server's admin (server_error), else LOCAL_DEFAULT_ACTION.
import type { Category } from '../model/labels.js';

export const LOCAL_ACTIONS: Partial<Record<Category, string>> = {
  quota:
    'A mailbox on this host is full: ask its user to make room, or raise the quota where it is set (the Exim transport\'s quota option, or the mailbox server\'s, such as Dovecot\'s quota plugin).',
  unknown_user:
    'The mailbox server on this host does not know a user Exim accepted mail for: make the user lists of Exim (its routers and recipient verification) and of the mailbox server (Dovecot) agree.',
  mailbox_disabled: 'The mailbox is disabled on this host: enable it again, or stop accepting mail for it at RCPT.',
  connection:
    'The delivery service on this host (an LMTP server, a local delivery agent or a filter on a loopback address) refused or dropped the connection: check that it runs and listens where the transport points.',
  expired:
    'Delivery on this host failed for the whole retry period: the deferrals before it (maillens events --direction local) say why, often a full mailbox or a service that was down.',
  size: 'The message is larger than a size limit on this host (the transport\'s message_size_limit or the mailbox server\'s): raise it or tell the sender.',
};

/** For any other category whose catalog action does not speak to this host's admin. */
export const LOCAL_DEFAULT_ACTION =
  'A delivery on this host failed: read the error (the file, command or service it names) and fix the mailbox or the local delivery configuration.';

/** Categories whose catalog actions already speak to the admin of the server that failed. */
const SERVER_SIDE: readonly Category[] = ['server_error'];

/** The action shown for a local failure of `category`, given what the catalog says for its example reply. */
export function localAction(category: Category, catalogAction: string): string {
  return LOCAL_ACTIONS[category] ?? (SERVER_SIDE.includes(category) && catalogAction ? catalogAction : LOCAL_DEFAULT_ACTION);
}
