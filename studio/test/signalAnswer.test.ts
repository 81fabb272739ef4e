// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { signalSentNote } from '../src/lib/signalAnswer';

const answer = (over: Partial<Parameters<typeof signalSentNote>[1] & object>) =>
  ({ name: 'otp', result: 'Taken', stepOutcome: null, reason: null, message: null, attemptsLeft: null, ...over }) as const;

describe('signalSentNote', () => {
  it('says "sent" for a durable signal, whose answer says nothing of the step', () => {
    expect(signalSentNote('approve', undefined)).toEqual({ tone: 'ok', text: 'Signal “approve” sent' });
  });

  it('says "sent" for a durable signal answered Queued (session 50), not that the journey asks for it again', () => {
    expect(signalSentNote('shipment', answer({ name: 'shipment', result: 'Queued' }))).toEqual({ tone: 'ok', text: 'Signal “shipment” sent' });
  });

  it('says taken, with the step outcome, for a sensitive signal the step took', () => {
    expect(signalSentNote('otp', answer({ stepOutcome: 'Verified' }))).toEqual({ tone: 'ok', text: 'Signal “otp” taken: the step ended Verified.' });
  });

  it('warns, naming the reason and the attempts left, when the journey asks for it again', () => {
    const note = signalSentNote('otp', answer({ result: 'AskedAgain', reason: 'LenderUnavailable', message: 'Capital Float could not verify the OTP just now; enter it again.', attemptsLeft: 3 }));
    expect(note).toEqual({ tone: 'warn', text: 'Signal “otp” not taken; the journey asks for it again. Capital Float could not verify the OTP just now; enter it again. (LenderUnavailable) 3 attempts left.' });
    expect(signalSentNote('otp', answer({ result: 'AskedAgain', reason: 'OtpIncorrect', message: 'The OTP is not correct.', attemptsLeft: 1 })).text).toMatch(/The OTP is not correct\. \(OtpIncorrect\) 1 attempt left\.$/);
    expect(signalSentNote('otp', answer({ result: 'AskedAgain' }))).toEqual({ tone: 'warn', text: 'Signal “otp” not taken; the journey asks for it again.' });
  });

  it('warns with the error kind when the step failed with it', () => {
    expect(signalSentNote('otp', answer({ result: 'Failed', reason: 'LenderTimeout', message: 'The lender did not answer in time.' })))
      .toEqual({ tone: 'warn', text: 'Signal “otp” not taken: the step failed: The lender did not answer in time. (LenderTimeout)' });
  });
});
