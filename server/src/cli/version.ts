export { packageVersion } from '../engine/io/knowledgeDir';
