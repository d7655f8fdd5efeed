import { Prisma } from '../../generated/prisma/client.js';
import { TX_OPTIONS, type Db, type Tx } from '../../db/client.js';
import { changedLeadIds, feedHorizon, readWatermark, saveWatermark, tryLockConsumer } from '../../db/changeFeed.js';
import { channelOf } from './channels.js';
import { regionOf } from './region.js';

/**
 * Keeps the 看板's rollups current: DashLead / DashFollow (facts) and DashCube (org-wide counts).
 *
 * Driven by the change feed (db/changeFeed.ts), not by hooks in the lead verbs: every lead whose
 * row, follow-ups or history changed since the watermark has its facts recomputed; its old facts'
 * contributions are taken out of the cube and the new ones added, in one transaction with the
 * new watermark, so a crash leaves the rollups as they were. Recomputing a lead is idempotent,
 * so reading a lead twice (the feed may) changes nothing. One refresher at a time (advisory
 * lock); a caller that finds it held returns at once, the holder does the work.
 */
export const DASHBOARD_FEED = 'dashboard';
/** More changed leads than this at once (a bulk import, a first start): rebuild instead. */
const INCREMENTAL_LIMIT = 20_000;
const BATCH = 5_000;

export interface RefreshResult {
  /** Leads recomputed (all of them after a rebuild). */
  leads: number;
  rebuilt: boolean;
  /** Another refresher held the lock. */
  busy: boolean;
}

interface LeadBase {
  id: string;
  orgId: string;
  teamId: string;
  ownerId: string | null;
  registeredAt: Date;
  day: string;
  hour: number;
  store: string | null;
  source: string | null;
  level: string | null;
  status: string;
  product: string | null;
  address: string | null;
  returning: boolean;
  stage: number;
  lostReason: string | null;
  dueAt: Date | null;
  lapseAt: Date | null;
}

const local = (col: Prisma.Sql) => Prisma.sql`(${col} AT TIME ZONE 'UTC' AT TIME ZONE o."timeZone")`;
const OPEN = Prisma.sql`l.status IN ('new', 'following', 'milestone', 'deposit')`;

/** The leads' facts as SQL can compute them; city and district are read from the address in JS. */
function leadBase(tx: Tx, where: Prisma.Sql, limit: number): Promise<LeadBase[]> {
  return tx.$queryRaw<LeadBase[]>`
    SELECT l.id, l."orgId", l."teamId", l."ownerId", l."registeredAt",
      ${local(Prisma.sql`l."registeredAt"`)}::date::text AS day,
      extract(hour FROM ${local(Prisma.sql`l."registeredAt"`)})::int AS hour,
      l.store, l.source, l.level, l.status::text AS status, l.product, l.address,
      (l.source = 'existing_customer'
        OR (SELECT count(*) FROM "LeadHistory" h WHERE h."leadId" = l.id AND h."changeKind" = 'register') > 1) AS "returning",
      CASE WHEN l.status = 'won' THEN 4
           WHEN l.status = 'deposit' OR EXISTS (SELECT 1 FROM "LeadHistory" h WHERE h."leadId" = l.id AND h.status = 'deposit') THEN 3
           WHEN l.status = 'milestone' OR l."milestoneAt" IS NOT NULL THEN 2
           WHEN l.status = 'following' OR l."followUpCount" > 0 THEN 1
           ELSE 0 END AS stage,
      CASE WHEN l.status = 'lost' THEN coalesce(l."lostReason", '') END AS "lostReason",
      CASE WHEN ${OPEN} THEN l."nextFollowUpAt" END AS "dueAt",
      CASE WHEN ${OPEN} THEN least(l."protectionUntil", l."milestoneDeadline") END AS "lapseAt"
    FROM "Lead" l JOIN "Org" o ON o.id = l."orgId"
    WHERE ${where}
    ORDER BY l.id
    LIMIT ${limit}`;
}

/** INSERT INTO "DashLead" … from JS-computed rows (city and district come from the address here). */
function factInsert(rows: LeadBase[]): Prisma.Sql {
  const cols = {
    id: [] as string[], org: [] as string[], team: [] as string[], owner: [] as (string | null)[], reg: [] as string[],
    day: [] as string[], hour: [] as number[], store: [] as string[], channel: [] as string[], returning: [] as boolean[],
    level: [] as string[], status: [] as string[], product: [] as string[], city: [] as string[], district: [] as string[],
    stage: [] as number[], lost: [] as (string | null)[], due: [] as (string | null)[], lapse: [] as (string | null)[],
  };
  for (const r of rows) {
    const region = regionOf(r.address);
    cols.id.push(r.id);
    cols.org.push(r.orgId);
    cols.team.push(r.teamId);
    cols.owner.push(r.ownerId);
    cols.reg.push(r.registeredAt.toISOString());
    cols.day.push(r.day);
    cols.hour.push(r.hour);
    cols.store.push(r.store ?? '');
    cols.channel.push(channelOf(r.source));
    cols.returning.push(r.returning);
    cols.level.push(r.level ?? '');
    cols.status.push(r.status);
    cols.product.push(r.product ?? '');
    cols.city.push(region.city ?? '');
    cols.district.push(region.district ?? '');
    cols.stage.push(r.stage);
    cols.lost.push(r.lostReason);
    cols.due.push(r.dueAt?.toISOString() ?? null);
    cols.lapse.push(r.lapseAt?.toISOString() ?? null);
  }
  const utc = (c: string) => Prisma.raw(`(${c}::timestamptz AT TIME ZONE 'UTC')`);
  return Prisma.sql`
    INSERT INTO "DashLead"("leadId", "orgId", "teamId", "ownerId", "registeredAt", day, hour, store, channel, "returning",
                           level, status, product, city, district, stage, "lostReason", "dueAt", "lapseAt")
    SELECT id, org, team, owner, ${utc('reg')}, day::date, hour, store, channel, ret, level, status::"LeadStatus", product, city,
           district, stage, lost, ${utc('due')}, ${utc('lapse')}
    FROM unnest(${cols.id}::text[], ${cols.org}::text[], ${cols.team}::text[], ${cols.owner}::text[], ${cols.reg}::text[],
                ${cols.day}::text[], ${cols.hour}::int[], ${cols.store}::text[], ${cols.channel}::text[], ${cols.returning}::boolean[],
                ${cols.level}::text[], ${cols.status}::text[], ${cols.product}::text[], ${cols.city}::text[], ${cols.district}::text[],
                ${cols.stage}::int[], ${cols.lost}::text[], ${cols.due}::text[], ${cols.lapse}::text[])
      AS t(id, org, team, owner, reg, day, hour, store, channel, ret, level, status, product, city, district, stage, lost, due, lapse)`;
}

/**
 * A fact set's contributions to DashCube, one row per (filter value × dimension) a lead counts
 * in, times `sign`: overall and within its channel, new/returning, level and status. The rep
 * dimension is kept overall only (one row per rep and day is enough for the ranking).
 */
function contributions(facts: Prisma.Sql, sign: 1 | -1): Prisma.Sql {
  return Prisma.sql`
    SELECT f."orgId", fk.fkind, fk.fval, dk.dkind, f.day, dk.dval,
      ${sign}::int AS n, CASE WHEN f.stage >= 2 THEN ${sign}::int ELSE 0 END AS milestone, CASE WHEN f.status = 'won' THEN ${sign}::int ELSE 0 END AS won
    FROM ${facts} f
    CROSS JOIN LATERAL (VALUES ('', ''), ('channel', f.channel), ('returning', CASE WHEN f."returning" THEN 'returning' ELSE 'new' END),
                               ('level', f.level), ('status', f.status::text)) fk(fkind, fval)
    CROSS JOIN LATERAL (VALUES ('channel', f.channel), ('hour', f.hour::text || '|' || f.channel), ('district', f.city || '|' || f.district),
                               ('product', f.product), ('store', f.store), ('team', f."teamId"), ('stage', f.stage::text),
                               ('lost', f."lostReason"), ('rep', CASE WHEN fk.fkind = '' THEN coalesce(f."ownerId", '') END)) dk(dkind, dval)
    WHERE dk.dval IS NOT NULL`;
}

/** Follow-ups' contributions: dimension `follow`, one row per member and day, overall only. */
function followContributions(follows: Prisma.Sql, sign: 1 | -1): Prisma.Sql {
  return Prisma.sql`SELECT f."orgId", ''::text AS fkind, ''::text AS fval, 'follow'::text AS dkind, f.day, f."memberId" AS dval, ${sign}::int AS n, 0 AS milestone, 0 AS won FROM ${follows} f`;
}

/** Adds grouped contributions into the cube; keys whose sums are all zero (a change that moved nothing there) are skipped. */
function addToCube(contrib: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "DashCube"("orgId", fkind, fval, dkind, day, dval, n, milestone, won)
    SELECT "orgId", fkind, fval, dkind, day, dval, sum(n)::int, sum(milestone)::int, sum(won)::int
    FROM (${contrib}) c
    GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(n) <> 0 OR sum(milestone) <> 0 OR sum(won) <> 0
    ON CONFLICT ("orgId", fkind, fval, dkind, day, dval) DO UPDATE
      SET n = "DashCube".n + excluded.n, milestone = "DashCube".milestone + excluded.milestone, won = "DashCube".won + excluded.won`;
}

/**
 * The whole cube from the facts, for a rebuild: the same rows `contributions` gives lead by lead,
 * but one pass over DashLead per filter kind with grouping sets, instead of forty-odd rows per lead.
 */
const FILTER_VALUE: Record<string, Prisma.Sql> = {
  '': Prisma.sql`''`,
  // Not plain f.channel: GROUPING(f.channel) must tell the channel dimension's sets from the rest.
  channel: Prisma.sql`(f.channel || '')`,
  returning: Prisma.sql`CASE WHEN f."returning" THEN 'returning' ELSE 'new' END`,
  level: Prisma.sql`f.level`,
  status: Prisma.sql`f.status::text`,
};

function cubeFromFacts(fkind: string): Prisma.Sql {
  const fv = FILTER_VALUE[fkind] ?? Prisma.sql`''`;
  const rep = fkind === '' ? Prisma.sql`, (f."ownerId")` : Prisma.empty;
  const g = (col: string) => Prisma.raw(`GROUPING(f.${col}) = 0`);
  return Prisma.sql`
    INSERT INTO "DashCube"("orgId", fkind, fval, dkind, day, dval, n, milestone, won)
    SELECT f."orgId", ${fkind}, ${fv},
      CASE WHEN ${g('hour')} THEN 'hour' WHEN ${g('channel')} THEN 'channel' WHEN ${g('city')} THEN 'district'
           WHEN ${g('product')} THEN 'product' WHEN ${g('store')} THEN 'store' WHEN ${g('"teamId"')} THEN 'team'
           WHEN ${g('stage')} THEN 'stage' WHEN ${g('"lostReason"')} THEN 'lost' ELSE 'rep' END,
      f.day,
      CASE WHEN ${g('hour')} THEN f.hour::text || '|' || f.channel WHEN ${g('channel')} THEN f.channel
           WHEN ${g('city')} THEN f.city || '|' || f.district WHEN ${g('product')} THEN f.product WHEN ${g('store')} THEN f.store
           WHEN ${g('"teamId"')} THEN f."teamId" WHEN ${g('stage')} THEN f.stage::text WHEN ${g('"lostReason"')} THEN f."lostReason"
           ELSE ${fkind === '' ? Prisma.sql`coalesce(f."ownerId", '')` : Prisma.sql`''`} END,
      count(*)::int, (count(*) FILTER (WHERE f.stage >= 2))::int, (count(*) FILTER (WHERE f.status = 'won'))::int
    FROM "DashLead" f
    GROUP BY f."orgId", ${fkind === '' ? Prisma.empty : Prisma.sql`${fv}, `}f.day, GROUPING SETS ((f.hour, f.channel), (f.channel), (f.city, f.district), (f.product), (f.store),
                                                     (f."teamId"), (f.stage), (f."lostReason") ${rep})
    HAVING NOT (${g('"lostReason"')} AND f."lostReason" IS NULL)`;
}

function followFacts(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "DashFollow"("followUpId", "leadId", "orgId", "teamId", "memberId", day)
    SELECT f.id, f."leadId", l."orgId", l."teamId", f."memberId", ${local(Prisma.sql`f.at`)}::date
    FROM "FollowUp" f JOIN "Lead" l ON l.id = f."leadId" JOIN "Org" o ON o.id = l."orgId"
    WHERE ${where}`;
}

/**
 * Recomputes these leads in one statement per table: the old facts leave, the new ones come,
 * and the cube gets the difference, so a change of level touches only the level rows.
 */
async function applyLeads(tx: Tx, ids: string[]): Promise<void> {
  const rows = await leadBase(tx, Prisma.sql`l.id = ANY(${ids}::text[])`, ids.length);
  await tx.$executeRaw`
    WITH old AS (DELETE FROM "DashLead" WHERE "leadId" = ANY(${ids}::text[]) RETURNING *),
         new AS (${factInsert(rows)} RETURNING *)
    ${addToCube(Prisma.sql`${contributions(Prisma.sql`old`, -1)} UNION ALL ${contributions(Prisma.sql`new`, 1)}`)}`;
  await tx.$executeRaw`
    WITH old AS (DELETE FROM "DashFollow" WHERE "leadId" = ANY(${ids}::text[]) RETURNING *),
         new AS (${followFacts(Prisma.sql`f."leadId" = ANY(${ids}::text[])`)} RETURNING *)
    ${addToCube(Prisma.sql`${followContributions(Prisma.sql`old`, -1)} UNION ALL ${followContributions(Prisma.sql`new`, 1)}`)}`;
}

async function rebuildIn(tx: Tx): Promise<number> {
  // DELETE, not TRUNCATE: pages keep reading the old figures until this commits.
  await tx.$executeRaw`DELETE FROM "DashCube"`;
  await tx.$executeRaw`DELETE FROM "DashFollow"`;
  await tx.$executeRaw`DELETE FROM "DashLead"`;
  let after = '';
  let total = 0;
  for (;;) {
    const rows = await leadBase(tx, Prisma.sql`l.id > ${after}`, BATCH);
    if (rows.length > 0) await tx.$executeRaw(factInsert(rows));
    total += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = last.id;
  }
  await tx.$executeRaw(followFacts(Prisma.sql`TRUE`));
  await tx.$executeRaw`SET LOCAL work_mem = '256MB'`;
  for (const fkind of Object.keys(FILTER_VALUE)) await tx.$executeRaw(cubeFromFacts(fkind));
  await tx.$executeRaw(addToCube(followContributions(Prisma.sql`"DashFollow"`, 1)));
  return total;
}

const LONG_TX = { ...TX_OPTIONS, timeout: 30 * 60_000 } as const;

/** Catches the rollups up with every change since the last refresh (a first run rebuilds). */
export async function refreshDashboard(db: Db): Promise<RefreshResult> {
  return db.$transaction(async (tx): Promise<RefreshResult> => {
    if (!(await tryLockConsumer(tx, DASHBOARD_FEED))) return { leads: 0, rebuilt: false, busy: true };
    const since = await readWatermark(tx, DASHBOARD_FEED);
    const horizon = await feedHorizon(tx);
    const ids = since === null ? null : await changedLeadIds(tx, since, INCREMENTAL_LIMIT + 1);
    if (ids === null || ids.length > INCREMENTAL_LIMIT) {
      const leads = await rebuildIn(tx);
      await saveWatermark(tx, DASHBOARD_FEED, horizon);
      return { leads, rebuilt: true, busy: false };
    }
    if (ids.length > 0) await applyLeads(tx, ids);
    if (since !== horizon) await saveWatermark(tx, DASHBOARD_FEED, horizon);
    return { leads: ids.length, rebuilt: false, busy: false };
  }, LONG_TX);
}

/** Throws the rollups away and computes them again from Lead and FollowUp. */
export async function rebuildDashboard(db: Db): Promise<RefreshResult> {
  return db.$transaction(async (tx): Promise<RefreshResult> => {
    if (!(await tryLockConsumer(tx, DASHBOARD_FEED))) return { leads: 0, rebuilt: false, busy: true };
    const horizon = await feedHorizon(tx);
    const leads = await rebuildIn(tx);
    await saveWatermark(tx, DASHBOARD_FEED, horizon);
    return { leads, rebuilt: true, busy: false };
  }, LONG_TX);
}
