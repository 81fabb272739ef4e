// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { InputField } from '../src/api/types';
import { buildInput, fieldKind, sampleTag, topField, valuesFromInput, withOwnCustomer } from '../src/start/startForm';

const fields: InputField[] = [
  { name: 'mobile', type: 'string', required: true, description: '' },
  { name: 'amount', type: 'number', required: true, description: '' },
  { name: 'tenure', type: 'integer', required: false, description: '' },
  { name: 'basicDetails', type: 'object', required: true, description: '' },
  { name: 'consents', type: 'array', required: false, description: '' },
  { name: 'urgent', type: 'boolean', required: false, description: '' },
];

describe('start form', () => {
  it('fieldKind_ObjectsArraysAndAnyGetTheJsonEditor', () => {
    expect(fieldKind('object')).toBe('json');
    expect(fieldKind('Array')).toBe('json');
    expect(fieldKind('integer')).toBe('number');
    expect(fieldKind('duration')).toBe('text');
  });

  it('aSample_FillsTheFormAndBuildsTheSameInputBack', () => {
    const sample = { mobile: '9876543210', amount: 150000, basicDetails: { pan: 'ABCDE1234F' }, consents: [{ type: 'BUREAU_PULL' }], urgent: true, extra: 1 };
    const values = valuesFromInput(fields, sample);
    expect(values.basicDetails).toContain('\n');
    const { input, errors } = buildInput(fields, values);
    expect(errors).toEqual({});
    expect(input).toEqual({ mobile: '9876543210', amount: 150000, basicDetails: { pan: 'ABCDE1234F' }, consents: [{ type: 'BUREAU_PULL' }], urgent: true });
  });

  it('badFields_AreNamedWithTheReason', () => {
    const { errors } = buildInput(fields, { amount: 'lots', tenure: '1.5', basicDetails: '[1]', consents: '{' });
    expect(Object.keys(errors).sort()).toEqual(['amount', 'basicDetails', 'consents', 'mobile', 'tenure']);
    expect(errors.mobile).toBe('Required.');
    expect(errors.basicDetails).toContain('object');
  });
  it('withOwnCustomer_GivesTheSampleABorrowerOfItsOwn_LeavingTheRestAndTheSampleAsTheyAre', () => {
    const sample = { customerId: 'CUST-DEMO-PL-1', mobile: '9876543210', loan: { amount: 50000 } };
    const own = withOwnCustomer(sample, '3f9a');
    expect(own.customerId).toBe('CUST-DEMO-PL-1-S3f9a');
    expect(own.input).toEqual({ customerId: 'CUST-DEMO-PL-1-S3f9a', mobile: '9876543210', loan: { amount: 50000 } });
    expect(sample.customerId).toBe('CUST-DEMO-PL-1');
    // Without a string customer id anywhere: unchanged.
    const none = { partner: { verifiedCustomerRefId: 'X' }, customerId: 42 };
    expect(withOwnCustomer(none, '3f9a')).toEqual({ input: none, customerId: null });
    expect(sampleTag()).toMatch(/^[0-9a-f]{4}$/);
  });

  it('withOwnCustomer_GivesThePayLaterSamplesBorrowerAPartnerReferenceOfItsOwn', async () => {
    // Session 53: every journey started from the sample shared PARTNER-REF-PAYLATER-1, so the partner was told two borrowers'
    // decisions about one customer of its (the sandbox counted the second as tokenShareDuplicate).
    const { readFile } = await import('node:fs/promises');
    const sample = JSON.parse(await readFile(new URL('../../workflows/samples/capitalfloat-paylater.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const first = withOwnCustomer(sample, '3f9a').input;
    const second = withOwnCustomer(sample, '07c1').input;
    const ref = (input: Record<string, unknown>) => (input.partner as Record<string, unknown>).verifiedCustomerRefId;
    expect(ref(first)).toBe('PARTNER-REF-PAYLATER-1-S3f9a');
    expect(ref(second)).toBe('PARTNER-REF-PAYLATER-1-S07c1');
    expect(first.customerId).toBe('CUST-PAYLATER-1-S3f9a');
    expect(ref(sample)).toBe('PARTNER-REF-PAYLATER-1');
  });

  it('withOwnCustomer_TagsANestedCustomerId_AsPartnerHandshakeNestsTheLoanJourneysBorrower', async () => {
    // The shipped sample itself: its borrower is loanInput.customerId (the child loan journey's input); session 41 left it
    // as it was, so a second start from the sample met the sandbox's "already taken" (FBX-S-208) at the agreement.
    const { readFile } = await import('node:fs/promises');
    const sample = JSON.parse(await readFile(new URL('../../workflows/samples/partner-handshake.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const before = JSON.stringify(sample);

    const own = withOwnCustomer(sample, '3f9a');

    expect(own.customerId).toBe('CUST-DEMO-HS-1-S3f9a');
    expect((own.input.loanInput as Record<string, unknown>).customerId).toBe('CUST-DEMO-HS-1-S3f9a');
    expect(JSON.stringify(own.input).replace('-S3f9a', '')).toBe(before);
    expect(JSON.stringify(sample)).toBe(before);

    // Every one, in arrays too, with one tag; the top level's is the one named.
    const many = { items: [{ customerId: 'A' }, { customerId: 'B' }], customerId: 'TOP', child: { customerId: 'TOP' } };
    expect(withOwnCustomer(many, '0001')).toEqual({
      input: { items: [{ customerId: 'A-S0001' }, { customerId: 'B-S0001' }], customerId: 'TOP-S0001', child: { customerId: 'TOP-S0001' } },
      customerId: 'TOP-S0001',
    });
  });
});

describe('start form: declared formats (session 45)', () => {
  const formatted: InputField[] = [
    { name: 'email', type: 'string', required: true, description: '', format: 'email' },
    { name: 'pan', type: 'string', required: false, description: '', format: 'pan' },
    { name: 'mobile', type: 'string', required: false, description: '', format: 'mobile-in' },
    { name: 'dob', type: 'string', required: false, description: '', format: 'date' },
    { name: 'pincode', type: 'string', required: false, description: '', format: 'pincode' },
    { name: 'ifsc', type: 'string', required: false, description: '', format: 'ifsc' },
    { name: 'ref', type: 'string', required: false, description: '', pattern: '^REF-[0-9]{4}$' },
  ];

  it('buildInput_AValueNotOfItsFormat_IsNamedBeforeSending_WithoutTheValue', () => {
    const bad = { email: 'not-an-email … x', pan: 'abcde1234f', mobile: '+919876543210', dob: '1990-02-30', pincode: '056009', ifsc: 'HDFC1000123', ref: 'REF-42' };
    const { input, errors } = buildInput(formatted, bad);
    expect(Object.keys(errors).sort()).toEqual(['dob', 'email', 'ifsc', 'mobile', 'pan', 'pincode', 'ref']);
    expect(errors.email).toBe('Must be an e-mail address (name@example.com).');
    expect(errors.ref).toBe('Must match the pattern ^REF-[0-9]{4}$.');
    for (const [k, v] of Object.entries(bad)) expect(errors[k]).not.toContain(v);
    expect(input).toEqual({});
  });

  it('buildInput_ValuesOfTheirFormats_AreSent', () => {
    const good = { email: 'ravi@example.com', pan: 'ABCDE1234F', mobile: '9876543210', dob: '1990-05-14', pincode: '560095', ifsc: 'HDFC0000123', ref: 'REF-0042' };
    expect(buildInput(formatted, good)).toEqual({ input: good, errors: {} });
  });
});

describe('start form: declared formats inside an object (session 46)', () => {
  // partner-handshake v2's customer and finbox-personal-loan v4's basicDetails, as GET /api/workflows/{id} serves them.
  const nested: InputField[] = [
    {
      name: 'customer', type: 'object', required: true, description: '', properties: [
        { name: 'email', type: 'string', required: false, description: '', format: 'email' },
        { name: 'phone', type: 'string', required: false, description: '', format: 'mobile-in' },
        { name: 'customer_name', type: 'string', required: false, description: '' },
      ],
    },
    {
      name: 'basicDetails', type: 'object', required: true, description: '', properties: [
        {
          name: 'personalDetails', type: 'object', required: true, description: '', properties: [
            { name: 'pan', type: 'string', required: true, description: '', format: 'pan' },
            { name: 'dob', type: 'string', required: false, description: '', format: 'date' },
            { name: 'ref', type: 'string', required: false, description: '', pattern: '^REF-[0-9]{4}$' },
            { name: 'currentAddress', type: 'object', required: false, description: '', properties: [
              { name: 'pincode', type: 'string', required: false, description: '', format: 'pincode' },
            ] },
          ],
        },
        { name: 'employmentDetails', type: 'object', required: false, description: '' },
      ],
    },
  ];
  const json = (v: unknown) => JSON.stringify(v);

  it('buildInput_ANestedValueNotOfItsFormat_IsNamedByItsPath_WithTheTopLevelMessage_BeforeSending', () => {
    const secrets = ['ravi at example', '+919876543210', 'abcde1234f', '14/05/1990', 'REF-42', '056009'];
    const { input, errors } = buildInput(nested, {
      customer: json({ email: secrets[0], phone: secrets[1], customer_name: 'Ravi' }),
      basicDetails: json({ personalDetails: { pan: secrets[2], dob: secrets[3], ref: secrets[4], currentAddress: { pincode: secrets[5] } }, employmentDetails: { anything: '' } }),
    });
    expect(errors).toEqual({
      'customer.email': 'Must be an e-mail address (name@example.com).',
      'customer.phone': 'Must be a 10-digit Indian mobile number starting with 6, 7, 8 or 9.',
      'basicDetails.personalDetails.pan': 'Must be a PAN: 5 letters, 4 digits, 1 letter, upper case (AAAAA9999A).',
      'basicDetails.personalDetails.dob': 'Must be a date as yyyy-MM-dd.',
      'basicDetails.personalDetails.ref': 'Must match the pattern ^REF-[0-9]{4}$.',
      'basicDetails.personalDetails.currentAddress.pincode': 'Must be a 6-digit PIN code not starting with 0.',
    });
    // The same message a top-level field of that format gets.
    expect(errors['customer.email']).toBe(buildInput([{ name: 'email', type: 'string', required: true, description: '', format: 'email' }], { email: secrets[0] }).errors.email);
    for (const s of secrets) expect(Object.values(errors).join(' ')).not.toContain(s);
    expect(input).toEqual({});
  });

  it('buildInput_NestedRequiredBlankUnknownAndTypes_AreNamed_AbsentOrNullIsNotGiven_EmptyTextIsGiven', () => {
    const { errors } = buildInput(nested, {
      customer: json({ email: '', phone: null, nickname: 'R' }),
      basicDetails: json({ personalDetails: { pan: '  ', dob: 19900514, currentAddress: [] } }),
    });
    expect(errors).toEqual({
      'customer.email': 'Must be an e-mail address (name@example.com).',
      'customer.nickname': "Unknown field: 'customer' takes email, phone, customer_name.",
      'basicDetails.personalDetails.pan': 'Required.',
      'basicDetails.personalDetails.dob': 'Must be text.',
      'basicDetails.personalDetails.currentAddress': 'Must be a JSON object.',
    });
    expect(buildInput(nested, { customer: json({}), basicDetails: json({}) }).errors).toEqual({ 'basicDetails.personalDetails': 'Required.' });
  });

  it('buildInput_NestedValuesOfTheirFormats_AreSent_AndAFreeFormObjectTakesAnything', () => {
    const customer = { email: 'ravi@example.com', phone: '9876543210', customer_name: 'Ravi' };
    const basicDetails = { personalDetails: { pan: 'ABCDE1234F', dob: '1990-05-14', ref: 'REF-0042', currentAddress: { pincode: '560095' } }, employmentDetails: { employmentType: 'salaried', pan: 'x' } };
    expect(buildInput(nested, { customer: json(customer), basicDetails: json(basicDetails) })).toEqual({ input: { customer, basicDetails }, errors: {} });
  });

  it('topField_IsTheFieldAPathBelongsTo', () => {
    expect(topField('basicDetails.personalDetails.email')).toBe('basicDetails');
    expect(topField('consents[0].type')).toBe('consents');
    expect(topField('mobile')).toBe('mobile');
  });
});
