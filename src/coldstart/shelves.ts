/**
 * Ranked pin lists per (row, category), e.g. each cluster's most popular pins
 * of each category: flattened into one array of pin indices with offsets, so
 * thousands of short lists save and load as two typed arrays.
 */
export interface ShelvesState {
  rows: number;
  categories: number;
  offsets: Int32Array;
  entries: Int32Array;
}

export class Shelves {
  private constructor(
    readonly rows: number,
    readonly categories: number,
    private readonly offsets: Int32Array,
    private readonly entries: Int32Array,
  ) {}

  /** `fill(row, category)` gives each list, best first. */
  static build(rows: number, categories: number, fill: (row: number, category: number) => readonly number[]): Shelves {
    const offsets = new Int32Array(rows * categories + 1);
    const lists: (readonly number[])[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < categories; c++) {
        const list = fill(r, c);
        lists.push(list);
        offsets[r * categories + c + 1] = offsets[r * categories + c]! + list.length;
      }
    }
    const entries = new Int32Array(offsets[rows * categories]!);
    lists.forEach((list, i) => entries.set(list, offsets[i]!));
    return new Shelves(rows, categories, offsets, entries);
  }

  list(row: number, category: number): Int32Array {
    const i = row * this.categories + category;
    return this.entries.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  save(): ShelvesState {
    return { rows: this.rows, categories: this.categories, offsets: this.offsets, entries: this.entries };
  }

  static load(state: ShelvesState): Shelves {
    if (!(state?.offsets instanceof Int32Array) || !(state.entries instanceof Int32Array) || state.offsets.length !== state.rows * state.categories + 1) {
      throw new TypeError('shelves: saved state is malformed');
    }
    return new Shelves(state.rows, state.categories, state.offsets, state.entries);
  }
}
