export * from './directory';
export * from './users';
export * from './system';
export * from './campaigns';
export * from './values';
export * from './scoring';
export * from './jobs';
export * from './methodology';
