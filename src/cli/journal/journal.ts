import { lstatSync, rmSync } from "node:fs";
import type { AccountRegion, HubEvent } from "../../index.js";
import type { Subscribe } from "../context.js";
import { UsageError } from "../errors.js";
import { ndjsonLine } from "../ndjson.js";
import type { EncodedRecord } from "../output/encode.js";
import type { RecordSink, RecordTap } from "../output/sink.js";
import { count } from "../output/text.js";
import type { RedactingWriter } from "../output/redacting.js";
import { JournalFile } from "./file.js";
import { JournalLock } from "./lock.js";
import {
  hubDifference,
  jobDifferences,
  journalHub,
  manifestDifferences,
  type HubIdentity,
  type JobHeader,
} from "../job/header.js";
import { manifestFields, type ShardManifest } from "./manifest.js";
import { pairKey, readJournal, replayJournal, type JournalContents } from "./read.js";

/** `--journal`, `--resume` and `--retry-failed` as parsed. */
export interface JournalFlags {
  journal?: string;
  resume?: string;
  retryFailed?: boolean;
}

const isFailure = (list: string) => list !== "Results";

/** Refuses a new journal's path when something is there already (a file, a link, a folder). */
function checkNewJournal(path: string): void {
  try {
    lstatSync(path);
  } catch {
    return; // nothing there (or nothing this user can see: creating it will say)
  }
  throw new UsageError(
    `the journal ${path} exists already; to go on with that job: --resume ${path} (or choose another file).`,
  );
}

/**
 * The journal of a job (`--journal FILE`, or `--resume FILE` to go on with one): every
 * record of this process is appended to FILE as its run ends, as the `-o ndjson` line, in one
 * synchronous write (a killed process keeps every record it had written). FILE begins with
 * the job's header, written when the job starts. On a resume, the pairs FILE has a record of
 * are skipped (with `--retry-failed`, except failures), their records fed to the output
 * first, and FILE is written to only once a new record comes (a torn last line is cut then).
 */
export class RunJournal implements RecordTap {
  #file: JournalFile | undefined;
  #replayed = false;
  #ended = false;
  /** With --retry-failed: failed pairs being retried that have no new record yet. */
  readonly #retrying = new Set<string>();
  #written = 0;

  private constructor(
    /** FILE as given. */
    readonly path: string,
    private readonly header: JobHeader,
    private readonly writer: RedactingWriter,
    /** The journal's lock, held until {@link finish}. */
    private readonly lock: JournalLock,
    private readonly resumed?: {
      file: JournalFile;
      contents: JournalContents;
      retryFailed: boolean;
    },
  ) {
    if (resumed?.retryFailed)
      for (const [key, entry] of resumed.contents.latest)
        if (isFailure(entry.list)) this.#retrying.add(key);
  }

  /**
   * The journal the flags ask for, or none. Checks everything before any AWS call: the flags
   * go together, no other cove holds FILE (its lock, `FILE.lock`, is taken for the whole run:
   * see {@link JournalLock}), a new FILE does not exist, a resumed FILE is this user's regular
   * file that no one else can write, reads as a journal and is of the same job as `header`
   * (else a UsageError naming what differs; the file is not changed).
   */
  static async fromFlags(
    flags: JournalFlags,
    header: JobHeader,
    writer: RedactingWriter,
    onExit: Subscribe<() => void>,
  ): Promise<RunJournal | undefined> {
    if (flags.retryFailed && flags.resume === undefined)
      throw new UsageError(
        "--retry-failed goes with --resume FILE (it re-runs that job's failures).",
      );
    if (flags.journal !== undefined && flags.resume !== undefined)
      throw new UsageError(
        "--resume FILE appends to FILE: leave out --journal (or give the same job a new --journal FILE).",
      );
    const path = flags.journal ?? flags.resume;
    if (path === undefined) return undefined;
    const lock = JournalLock.acquire(path, (line) => writer.say(line), onExit);
    try {
      if (flags.journal !== undefined) {
        checkNewJournal(flags.journal);
        return new RunJournal(flags.journal, header, writer, lock);
      }
      return await RunJournal.#resume(path, header, writer, lock, flags.retryFailed === true);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** The journal of `--resume FILE`, checked (see {@link fromFlags}). */
  static async #resume(
    path: string,
    header: JobHeader,
    writer: RedactingWriter,
    lock: JournalLock,
    retryFailed: boolean,
  ): Promise<RunJournal> {
    const file = JournalFile.open(path);
    try {
      const contents = await readJournal(path, file.descriptor, file.size());
      const differences = jobDifferences(contents.header, header);
      if (differences.length > 0)
        throw new UsageError(
          `${path} is the journal of another job (${differences.join("; ")}); nothing ran and the journal is unchanged. ` +
            "Resume it with its own command, or give this job a new --journal FILE.",
        );
      return new RunJournal(path, header, writer, lock, { file, contents, retryFailed });
    } catch (error) {
      file.close();
      throw error;
    }
  }

  /**
   * A sharded job: on a resume, the journal must be of the same shard of the same target set
   * (else a UsageError, nothing changed): records of two target sets in one file would
   * confuse the merge. (The manifest joins the job's header, this journal's, before
   * {@link start}.)
   */
  async checkManifest(manifest: ShardManifest): Promise<void> {
    const journaled = this.resumed?.contents.header;
    if (journaled !== undefined) {
      const differences = manifestDifferences(journaled, manifestFields(manifest));
      if (differences.length > 0) {
        await this.finish();
        throw new UsageError(
          `${this.path} is the journal of another shard or target set (${differences.join("; ")}); nothing ran and the journal is unchanged. ` +
            "The organization or the regions changed since it began: give this shard a new --journal FILE (and merge the new files).",
        );
      }
    }
  }

  /**
   * Checks that this job runs from the journal's hub (its account and organization), as the
   * library read it (the `onHub` option: before any role is assumed); a new journal's header
   * records it. Else a UsageError naming both hubs; the file is not changed. With an IAM
   * Identity Center login there is no hub (the portal's start URL is part of the job). A
   * journal written before hubs were recorded is resumed without this check.
   */
  async checkHub(event: HubEvent): Promise<void> {
    if (this.header.ssoRole !== undefined) return;
    if (event.accountId === undefined) throw new Error("the hub has no account id.");
    const hub: HubIdentity = {
      account: event.accountId,
      organization: event.organizationId ?? null,
    };
    if (!this.resumed) {
      this.header.hub = hub;
      return;
    }
    const theirs = journalHub(this.resumed.contents.header);
    const difference = theirs && hubDifference(theirs, hub);
    if (difference) {
      await this.finish();
      throw new UsageError(
        `${this.path} is the journal of a job of another hub (${difference}); nothing ran and the journal is unchanged. ` +
          "Resume it with the credentials of its own hub, or give this job a new --journal FILE.",
      );
    }
  }

  /** Whether this goes on with an earlier run's journal. */
  get resuming(): boolean {
    return this.resumed !== undefined;
  }

  /** The library's `skip` on a resume: the pairs the journal holds (failures too, unless retried). */
  get skip(): ((run: AccountRegion) => boolean) | undefined {
    if (!this.resumed) return undefined;
    const { latest } = this.resumed.contents;
    const retry = this.resumed.retryFailed;
    return ({ Id, Region }) => {
      const entry = latest.get(pairKey(Id, Region));
      return entry !== undefined && !(retry && isFailure(entry.list));
    };
  }

  /** One line on a resume: what the journal holds and what runs now. */
  resumeText(): string | undefined {
    if (!this.resumed) return undefined;
    const { contents, retryFailed } = this.resumed;
    const failed = [...contents.latest.values()].filter((e) => isFailure(e.list)).length;
    const note =
      failed === 0
        ? ""
        : retryFailed
          ? `; its ${count(failed, "failed run")} run again`
          : ` (${count(failed, "failed run")}: --retry-failed runs them again)`;
    return `cove: resuming the job of ${this.path}: ${count(contents.latest.size, "run")} journaled${note}; running the rest.`;
  }

  /** For the confirmation on a resume: `(the rest of the job of FILE: its 9 journaled runs are left out)`. */
  planNote(): string | undefined {
    if (!this.resumed) return undefined;
    const { contents, retryFailed } = this.resumed;
    const standing = [...contents.latest.values()].filter(
      (e) => !(retryFailed && isFailure(e.list)),
    ).length;
    return `(the rest of the job of ${this.path}; left out: its ${count(standing, "journaled run")})`;
  }

  /**
   * Feeds the journaled records that stand (all but those being retried) to the sink, in
   * journal order — once: later calls do nothing.
   */
  async replay(sink: RecordSink): Promise<void> {
    if (!this.resumed || this.#replayed) return;
    this.#replayed = true;
    const retry = this.resumed.retryFailed;
    await this.#replay(sink, (entry) => !(retry && isFailure(entry.list)));
  }

  /**
   * The run has ended: the journaled records go to the sink if no new one came, and so do
   * the failures being retried that got no new record (no longer targeted, or the run
   * stopped first): they still stand. Later calls do nothing.
   */
  async end(sink: RecordSink): Promise<void> {
    await this.replay(sink);
    if (!this.resumed || this.#ended) return;
    this.#ended = true;
    if (this.#retrying.size === 0) return;
    const { latest } = this.resumed.contents;
    const standing = new Set([...this.#retrying].map((key) => latest.get(key)?.line));
    await this.#replay(sink, (entry) => standing.has(entry.line));
  }

  /**
   * Appends a record of this process (not a replayed one) as its `-o ndjson` line, as the
   * sink's writer scrubbed it.
   */
  add(record: EncodedRecord, replayed: boolean): void {
    if (replayed) return;
    const file = this.#open();
    file.append(`${ndjsonLine(record.list, record.json)}\n`);
    this.#written++;
    if (this.#retrying.size > 0) {
      const { Id, Region } = record.record;
      this.#retrying.delete(pairKey(Id, Region));
    }
  }

  /** Records this process appended. */
  get written(): number {
    return this.#written;
  }

  /** Closes the file and releases the lock. */
  async finish(): Promise<void> {
    this.#file?.close();
    this.resumed?.file.close();
    this.#file = undefined;
    this.lock.release();
  }

  #replay(sink: RecordSink, wanted: Parameters<typeof replayJournal>[3]): Promise<void> {
    const { file, contents } = this.resumed!;
    return replayJournal(this.path, file.descriptor, contents, wanted, (r) => sink.replay(r));
  }

  /**
   * The job starts: a new journal is created (mode 0600, refused if FILE appeared meanwhile)
   * with the job's header line, so that a run killed before any record still leaves the
   * journal to resume. A resumed journal is written to only once a new record comes.
   */
  start(): void {
    if (this.resumed || this.#file) return;
    const first = `${this.writer.text(JSON.stringify(this.header))}\n`;
    this.#file = JournalFile.create(this.path, first);
  }

  /**
   * Removes a journal this process created when no record came (the job stopped before any
   * run: bad targets, …), so the same `--journal FILE` works when the job is tried again.
   */
  discardUnused(): void {
    if (this.resumed || !this.#file || this.#written > 0) return;
    this.#file.close();
    this.#file = undefined;
    rmSync(this.path, { force: true });
    this.lock.release();
  }

  /** The file to append to: on a resume, opened at the first record (its last line ended first). */
  #open(): JournalFile {
    if (this.#file) return this.#file;
    if (!this.resumed) throw new Error(`the journal ${this.path} is not open.`);
    this.#file = this.resumed.file;
    this.#file.endLastLine();
    const { botocove } = this.header;
    this.#line({ resumedAt: new Date().toISOString(), botocove });
    return this.#file;
  }

  #line(value: JobHeader): void {
    this.#file!.append(`${this.writer.text(JSON.stringify(value))}\n`);
  }
}
