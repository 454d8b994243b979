import type { AgentState } from './types.js';

/**
 * How many attempts each agent may run now. A rate limit halves an agent's limit (not below 1),
 * each success grows it back by one up to its configured maximum, and a usage limit pauses the
 * agent until its reset time.
 */
export class AgentLimits {
  private readonly agents = new Map<string, AgentState>();

  constructor(private readonly maxOf: (agent: string) => number) {}

  state(name: string): AgentState {
    let agent = this.agents.get(name);
    if (!agent) {
      const max = this.maxOf(name);
      this.agents.set(name, (agent = { max, limit: max, running: 0 }));
    }
    return agent;
  }

  /** Whether `name` may start another attempt at `now`. */
  open(name: string, now: number): boolean {
    const agent = this.state(name);
    return agent.running < agent.limit && (agent.pausedUntil === undefined || agent.pausedUntil <= now);
  }

  /** Whether `name` is paused on a usage limit at `now`. */
  paused(name: string, now: number): boolean {
    const until = this.state(name).pausedUntil;
    return until !== undefined && until > now;
  }

  started(name: string): void {
    this.state(name).running += 1;
  }

  ended(name: string): void {
    this.state(name).running -= 1;
  }

  /** After a rate limit: the new, halved limit. */
  halve(name: string): number {
    const agent = this.state(name);
    return (agent.limit = Math.max(1, Math.floor(agent.limit / 2)));
  }

  /** After a success: the grown limit, or undefined if it was already at its maximum. */
  grow(name: string): number | undefined {
    const agent = this.state(name);
    return agent.limit < agent.max ? (agent.limit += 1) : undefined;
  }

  /** Pause until `until` (epoch ms) at the earliest; returns the pause's end. */
  pause(name: string, until: number): number {
    const agent = this.state(name);
    return (agent.pausedUntil = Math.max(until, agent.pausedUntil ?? 0));
  }

  limit(name: string): number {
    return this.state(name).limit;
  }

  /** The earliest end of a pause among the agents `waiting` names, if any. */
  nextResume(waiting: (name: string) => boolean): number | undefined {
    let next: number | undefined;
    for (const [name, agent] of this.agents) {
      if (agent.pausedUntil !== undefined && waiting(name) && (next === undefined || agent.pausedUntil < next)) next = agent.pausedUntil;
    }
    return next;
  }

  /** Forget pauses that ended by `now`. */
  expire(now: number): void {
    for (const agent of this.agents.values()) if (agent.pausedUntil !== undefined && agent.pausedUntil <= now) delete agent.pausedUntil;
  }
}
