import type { SignalAnswer } from '../api/types';

/** What the signal form says once the server answered a send: `ok` when the signal was taken (or stored), `warn` when not. */
export interface SignalSentNote {
  tone: 'ok' | 'warn';
  text: string;
}

const attempts = (n: number) => (n === 1 ? '1 attempt left' : `${n} attempts left`);

/**
 * The form's note after a send. A durable signal is stored and runs later (`Queued`, session 50): "sent". A sensitive one (an OTP) ran in the call, and
 * its answer says what the step did with it (docs/api.md, "A signal's answer"): taken, or asked for again with the step's reason, or a
 * failed attempt. Session 48: an OTP Capital Float could not verify said "sent" while the journey asked for it again.
 */
export function signalSentNote(name: string, answer: SignalAnswer | null | undefined): SignalSentNote {
  if (!answer || answer.result === 'Queued') return { tone: 'ok', text: `Signal “${name}” sent` };
  if (answer.result === 'Taken') {
    return { tone: 'ok', text: answer.stepOutcome ? `Signal “${name}” taken: the step ended ${answer.stepOutcome}.` : `Signal “${name}” taken.` };
  }
  const why = [answer.message, answer.reason ? `(${answer.reason})` : null].filter(Boolean).join(' ');
  if (answer.result === 'Failed') {
    return { tone: 'warn', text: `Signal “${name}” not taken: the step failed${why ? `: ${why}` : '.'}` };
  }
  const left = answer.attemptsLeft != null ? ` ${attempts(answer.attemptsLeft)}.` : '';
  return { tone: 'warn', text: `Signal “${name}” not taken; the journey asks for it again.${why ? ` ${why}` : ''}${left}` };
}
