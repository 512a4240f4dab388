import { given } from '../../testing/given-when-then';
import { nctId, registeredAs, registration, violationsOf } from '../../testing/trial-fixtures';
import { RegisterTrial } from '../trial.commands';
import { TrialStatus } from '../trial.values';

const register = (extra: Partial<RegisterTrial['data']> = {}): RegisterTrial => ({
  type: 'RegisterTrial',
  data: { ...registration, ...extra },
});

describe('RegisterTrial', () => {
  it('registers a new trial as NOT_YET_RECRUITING when no status is given', () => {
    given([])
      .when(register())
      .then([registeredAs('NOT_YET_RECRUITING')]);
  });

  it('keeps the status it is given, for records imported mid-life', () => {
    given([])
      .when(register({ status: 'RECRUITING' }))
      .then([registeredAs('RECRUITING')]);
  });

  it('refuses to register the same trial twice', () => {
    given([registeredAs('RECRUITING')])
      .when(register())
      .thenThrows('TRIAL_ALREADY_REGISTERED', { nctId });
  });

  it('lists every violation by field in one error', () => {
    const command = register({
      nctId: 'NCT123',
      title: '  ',
      sponsor: { name: '' },
      enrollment: { count: -1, type: 'ACTUAL' },
      startDate: { date: '2021-02-30', type: 'ACTUAL' },
      primaryCompletionDate: { date: '2021-13', type: 'ESTIMATED' },
      completionDate: { date: '21-01', type: 'ESTIMATED' },
    });
    given([])
      .when(command)
      .thenThrows(
        'VALIDATION_FAILED',
        violationsOf(
          'nctId',
          'title',
          'sponsor.name',
          'enrollment.count',
          'startDate.date',
          'primaryCompletionDate.date',
          'completionDate.date',
        ),
      );
  });

  it.each([-1, 1.5, Number.NaN])('refuses an enrollment count of %p', (count) => {
    given([])
      .when(register({ enrollment: { count, type: 'ESTIMATED' } }))
      .thenThrows('VALIDATION_FAILED', violationsOf('enrollment.count'));
  });

  it('refuses date and enrollment types other than ACTUAL or ESTIMATED', () => {
    const command = register({
      enrollment: { count: 1, type: 'GUESSED' as 'ACTUAL' },
      startDate: { date: '2021', type: 'PLANNED' as 'ACTUAL' },
    });
    given([]).when(command).thenThrows('VALIDATION_FAILED', violationsOf('enrollment.type', 'startDate.type'));
  });

  it('accepts dates at year, month and day precision', () => {
    const dates = {
      startDate: { date: '2020-02-29', type: 'ACTUAL' as const },
      primaryCompletionDate: { date: '2027-06', type: 'ESTIMATED' as const },
      completionDate: { date: '2028', type: 'ESTIMATED' as const },
    };
    given([])
      .when(register(dates))
      .then([registeredAs('NOT_YET_RECRUITING', dates)]);
  });

  describe.each<TrialStatus>(['SUSPENDED', 'TERMINATED', 'WITHDRAWN'])('registering as %s', (status) => {
    it.each([undefined, '', '   '])('requires a whyStopped (given %p)', (whyStopped) => {
      given([]).when(register({ status, whyStopped })).thenThrows('VALIDATION_FAILED', violationsOf('whyStopped'));
    });

    it('succeeds with a whyStopped', () => {
      given([])
        .when(register({ status, whyStopped: 'Sponsor decision' }))
        .then([registeredAs(status, { whyStopped: 'Sponsor decision' })]);
    });
  });

  describe('registering as WITHDRAWN', () => {
    const withdrawn = (count: number, type: 'ACTUAL' | 'ESTIMATED') =>
      register({ status: 'WITHDRAWN', whyStopped: 'No funding', enrollment: { count, type } });

    it('is refused once participants were actually enrolled', () => {
      given([]).when(withdrawn(3, 'ACTUAL')).thenThrows('VALIDATION_FAILED', violationsOf('status'));
    });

    it.each([
      [0, 'ACTUAL'],
      [50, 'ESTIMATED'],
    ] as const)('is allowed with %p %s participants', (count, type) => {
      given([])
        .when(withdrawn(count, type))
        .then([registeredAs('WITHDRAWN', { whyStopped: 'No funding', enrollment: { count, type } })]);
    });
  });

  describe('statuses only the registry shows', () => {
    it.each<TrialStatus>(['UNKNOWN', 'WITHHELD'])('%s is refused, naming the status', (status) => {
      given([]).when(register({ status })).thenThrows('VALIDATION_FAILED', violationsOf('status'));
    });

    it.each<TrialStatus | undefined>([undefined, 'RECRUITING', 'UNKNOWN'])('lastKnownStatus is refused with status %p', (status) => {
      const error = given([])
        .when(register({ status, lastKnownStatus: 'RECRUITING' }))
        .thenThrows('VALIDATION_FAILED');
      expect((error.details.violations as { field: string }[]).map((v) => v.field)).toContain('lastKnownStatus');
    });

    it('an expanded-access status is registered', () => {
      given([])
        .when(register({ status: 'AVAILABLE', studyType: 'EXPANDED_ACCESS' }))
        .then([registeredAs('AVAILABLE', { studyType: 'EXPANDED_ACCESS' })]);
    });
  });
});
