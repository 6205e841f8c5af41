/** The public datasets `tessera import --dataset` knows, by name. */
import type { ImportSource } from '../source.js';
import { BEAUTY_FILES, beautySource } from './amazon-beauty.js';
import { CITEULIKE_FILES, citeulikeSource } from './citeulike-t.js';
import { LASTFM_FILES, lastfmSource } from './lastfm-hetrec.js';
import { ML100K_FILES, ml100kSource } from './movielens-100k.js';
import { ML1M_FILES, ml1mSource } from './movielens-1m.js';

export interface Dataset {
  /** Also the folder name under ../shared/datasets. */
  name: string;
  /** Files the importer reads, relative to the dataset's folder. */
  files: readonly string[];
  source(dir: string): ImportSource;
}

export const DATASETS: readonly Dataset[] = [
  { name: 'ml-100k', files: ML100K_FILES, source: ml100kSource },
  { name: 'ml-1m', files: ML1M_FILES, source: ml1mSource },
  { name: 'lastfm-hetrec', files: LASTFM_FILES, source: lastfmSource },
  { name: 'citeulike-t', files: CITEULIKE_FILES, source: citeulikeSource },
  { name: 'amazon-beauty', files: BEAUTY_FILES, source: beautySource },
];

export const findDataset = (name: string): Dataset | undefined => DATASETS.find((d) => d.name === name);
