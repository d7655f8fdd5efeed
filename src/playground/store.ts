import { cardSchema, type Card } from '../cards/model.js';
import type { Db } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { ChatEntry, PlaygroundStore } from '../platforms/local/chat.js';
import { BOT_SENDER } from '../platforms/local/demo.js';

/**
 * The playground's chat storage in PostgreSQL (PlaygroundMessage): what the local platform's
 * adapter (src/platforms/local) reads and writes through the PlaygroundStore port.
 */

type Row = Prisma.PlaygroundMessageGetPayload<object>;

function toEntry(row: Row): ChatEntry {
  const card = row.card === null ? null : cardSchema.safeParse(row.card);
  return {
    id: row.id,
    chatId: row.chatId,
    senderId: row.senderId,
    text: row.text,
    card: card?.success ? card.data : null,
    replyTo: row.replyTo,
    rev: row.rev,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function cardJson(card: Card): Prisma.InputJsonValue {
  // The card model is plain JSON by construction (zod-validated strings, numbers, records).
  return JSON.parse(JSON.stringify(card)) as Prisma.InputJsonValue;
}

export function createPlaygroundStore(db: Db): PlaygroundStore {
  return {
    async appendUserMessage({ chatId, senderId, text, id }) {
      const row = id
        ? await db.playgroundMessage.upsert({ where: { id }, create: { id, chatId, senderId, text }, update: {} })
        : await db.playgroundMessage.create({ data: { chatId, senderId, text } });
      return toEntry(row);
    },

    async appendBotMessage({ chatId, text, card, replyTo, sendKey }) {
      const row = await db.playgroundMessage.upsert({
        where: { sendKey },
        create: {
          chatId,
          senderId: BOT_SENDER,
          text: text ?? null,
          card: card ? cardJson(card) : Prisma.DbNull,
          replyTo: replyTo ?? null,
          sendKey,
        },
        update: {},
        select: { id: true },
      });
      return row.id;
    },

    async updateCard(messageId, card) {
      const res = await db.playgroundMessage.updateMany({
        where: { id: messageId },
        data: { card: cardJson(card), rev: { increment: 1 } },
      });
      return res.count > 0;
    },

    async listChat(chatId, since, limit = 200) {
      if (since === undefined) {
        // The latest `limit`, shown oldest first.
        const rows = await db.playgroundMessage.findMany({ where: { chatId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
        return rows.reverse().map(toEntry);
      }
      const rows = await db.playgroundMessage.findMany({
        where: { chatId, updatedAt: { gte: since } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: limit,
      });
      return rows.map(toEntry);
    },

    async find(messageId) {
      const row = await db.playgroundMessage.findUnique({ where: { id: messageId } });
      return row ? toEntry(row) : null;
    },
  };
}
