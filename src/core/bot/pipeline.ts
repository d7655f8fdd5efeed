import { randomUUID } from 'node:crypto';
import { log } from '../../log.js';
import { CAPABILITIES } from './capabilities.js';
import type { ClickLedger } from './clickLedger.js';
import type { ActionResponse, Bot, ClickResponse, IncomingAction, IncomingMessage, OutboundMessage, Outbox, SenderProfile } from './types.js';

/**
 * The one entry for a message and the one entry for a card click, whatever the platform. An
 * adapter decodes what the platform sent and renders what comes back; everything between is
 * here: the bot, the Outbox, rescheduling the leads that changed, and for clicks the dedupe
 * ledger and the answer budget.
 */
export interface PipelineDeps {
  bot: Bot;
  outbox: Outbox;
  ledger: ClickLedger;
  /**
   * Recomputes the timed work (reminders, lapse, expiry) of leads a message or click changed.
   * A failure is only logged: the jobs' sweep repairs any schedule from the database.
   */
  reschedule: (leadIds: readonly string[]) => Promise<void>;
  now: () => Date;
}

export interface Click {
  action: IncomingAction;
  /** Asks the platform's contact API about a clicker the core has not met. */
  lookupProfile: () => Promise<SenderProfile>;
  /**
   * The platform's identity of this click, for a platform that retries a callback it got no
   * answer to: the ledger runs each key once, and a retry of a failed click runs it again.
   */
  dedupeKey?: string;
  /** How long the platform waits for the answer; past it the click is answered empty and finished behind. */
  budgetMs?: number;
}

/** How an adapter shows a click's answer besides its inline reply. */
export interface ClickPresenter {
  /**
   * Part of the click's work, in time or not: WeCom replaces the clicked card through the API,
   * the playground rewrites it. Messages it returns go to the Outbox.
   */
  present?(res: ActionResponse): Promise<OutboundMessage[] | void>;
  /** The answer missed the budget: show it afterwards (Feishu patches the clicked card). */
  late?(res: ActionResponse): Promise<void>;
}

export type ClickOutcome =
  /** Done within the budget: the adapter renders `response` inline. */
  | { status: 'answered'; response: ActionResponse }
  /** Still working when the budget ran out; the presenter's `late` shows the answer. */
  | { status: 'late' }
  /** The ledger has this click already (done, or running elsewhere): nothing was done. */
  | { status: 'duplicate' };

export interface Pipeline {
  /** One stored message → the bot → its replies to the Outbox, changed leads rescheduled. */
  message(msg: IncomingMessage, lookupProfile: () => Promise<SenderProfile>): Promise<void>;
  /** One card click, end to end. Rejects when the work failed within the budget (the adapter answers 500). */
  click(click: Click, presenter?: ClickPresenter): Promise<ClickOutcome>;
}

const errorText = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export function createPipeline(deps: PipelineDeps): Pipeline {
  async function reschedule(leadIds: readonly string[]): Promise<void> {
    if (leadIds.length === 0) return;
    try {
      await deps.reschedule(leadIds);
    } catch (err) {
      log.warn({ err, leadIds }, 'rescheduling changed leads failed; the jobs sweep will repair it');
    }
  }

  /** The click through the bot; its messages (and its toast, where the platform has none) to the Outbox. */
  async function apply(click: Click): Promise<ClickResponse> {
    const { action } = click;
    const res = await deps.bot.handleAction(action, click.lookupProfile);
    // Without toasts the toast arrives as a text, also when a card is returned: the card rarely
    // says what the toast says (who won a claim race, where the application went).
    const toast: OutboundMessage[] =
      res.toast && !CAPABILITIES[action.platform].toasts
        ? [{ to: { kind: 'user', userId: action.userId }, text: res.toast.text, dedupeKey: `${action.platform}:${click.dedupeKey ?? randomUUID()}:toast` }]
        : [];
    // Rescheduled before anything is sent, as ever: once the answer is out, the timers match it.
    await reschedule(res.changedLeads);
    const messages = [...toast, ...res.effects];
    if (messages.length > 0) await deps.outbox.enqueue(action.platform, action.tenantKey, messages);
    return res;
  }

  async function ledgered(click: Click): Promise<ClickResponse> {
    const { action, dedupeKey } = click;
    if (dedupeKey === undefined) return apply(click);
    try {
      const res = await apply(click);
      await deps.ledger.finish(action.platform, dedupeKey, {}, deps.now());
      return res;
    } catch (err) {
      await deps.ledger.finish(action.platform, dedupeKey, { error: errorText(err) }, deps.now());
      throw err;
    }
  }

  return {
    async message(msg, lookupProfile) {
      const res = await deps.bot.handleMessage(msg, lookupProfile);
      await reschedule(res.changedLeads);
      if (res.replies.length > 0) await deps.outbox.enqueue(msg.platform, msg.tenantKey, res.replies);
    },

    async click(click, presenter) {
      const { action, dedupeKey } = click;
      if (dedupeKey !== undefined) {
        const summary = { action: action.action, userId: action.userId, value: JSON.stringify(action.value) };
        if (!(await deps.ledger.claim(action.platform, dedupeKey, summary))) return { status: 'duplicate' };
      }
      // Once applied, the click is never run again: a failed presentation only leaves the old card up.
      const work = ledgered(click).then(async (res) => {
        const more = await presenter?.present?.(res);
        if (more && more.length > 0) await deps.outbox.enqueue(action.platform, action.tenantKey, more);
        return res;
      });
      if (click.budgetMs === undefined) return { status: 'answered', response: await work };
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), click.budgetMs);
      });
      const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
      if (first !== 'late') return { status: 'answered', response: first };
      work
        .then((res) => presenter?.late?.(res))
        .catch((err: unknown) => log.error({ err: errorText(err), action: action.action, platform: action.platform }, 'late card action failed'));
      return { status: 'late' };
    },
  };
}
