/**
 * A user's profile as a vector for clustering: one block per demographic
 * field (gender, age range, country, language), one-hot, and a block of the
 * declared interests, multi-hot scaled to length `interestWeight`. Each
 * demographic field thus counts as much as any other, and the declared
 * interests as much as `interestWeight` of them. Only values seen when the
 * encoder was built have a place; others are left out.
 */
import type { User } from '../domain/types.js';

const DEMOGRAPHIC_FIELDS = ['gender', 'ageRange', 'country', 'language'] as const;

/** The profile's values as `field:value` tokens; declared interests as `interest:<label>`. */
export function profileTokens(user: User): string[] {
  const tokens: string[] = [];
  for (const field of DEMOGRAPHIC_FIELDS) {
    const value = user[field];
    if (value !== undefined && value !== '') tokens.push(`${field}:${value}`);
  }
  for (const interest of new Set(user.interests)) tokens.push(`interest:${interest}`);
  return tokens;
}

const isInterest = (token: string): boolean => token.startsWith('interest:');

export interface ProfileEncoderState {
  vocabulary: string[];
  interestWeight: number;
}

export class ProfileEncoder {
  private readonly index: Map<string, number>;

  constructor(
    readonly vocabulary: readonly string[],
    readonly interestWeight: number,
  ) {
    if (!(interestWeight >= 0 && Number.isFinite(interestWeight))) throw new RangeError(`interestWeight must be a non-negative number, got ${interestWeight}`);
    this.index = new Map(vocabulary.map((token, i) => [token, i]));
  }

  /** An encoder knowing every value the users have (sorted, so the layout does not depend on user order). */
  static fit(users: Iterable<User>, interestWeight: number): ProfileEncoder {
    const tokens = new Set<string>();
    for (const user of users) for (const token of profileTokens(user)) tokens.add(token);
    return new ProfileEncoder([...tokens].sort(), interestWeight);
  }

  get dimensions(): number {
    return this.vocabulary.length;
  }

  /** The profile's vector; all zeros when nothing in it is known. */
  encode(user: User): Float64Array {
    const vector = new Float64Array(this.dimensions);
    const interests: number[] = [];
    for (const token of profileTokens(user)) {
      const i = this.index.get(token);
      if (i === undefined) continue;
      if (isInterest(token)) interests.push(i);
      else vector[i] = 1;
    }
    for (const i of interests) vector[i] = this.interestWeight / Math.sqrt(interests.length);
    return vector;
  }

  /** Whether the profile holds anything the encoder knows. */
  knows(user: User): boolean {
    return profileTokens(user).some((token) => this.index.has(token));
  }

  save(): ProfileEncoderState {
    return { vocabulary: [...this.vocabulary], interestWeight: this.interestWeight };
  }

  static load(state: ProfileEncoderState): ProfileEncoder {
    return new ProfileEncoder(state.vocabulary, state.interestWeight);
  }
}
