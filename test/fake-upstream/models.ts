// Model listings: GET /v1/models (OpenAI, or Anthropic when `anthropic-version` is sent) and GET /v1beta/models.
import { FAKE_CREATED } from './ids';

/** Ids advertised by the listings. Any model id is accepted (and echoed) by the generation endpoints. */
export const FAKE_MODEL_IDS = ['fake-chat', 'fake-reasoner', 'fake-embedding'] as const;

const CREATED_ISO = new Date(FAKE_CREATED * 1000).toISOString();

export const openaiModel = (id: string, name: string) => ({ id, object: 'model', created: FAKE_CREATED, owned_by: name });

export const openaiModelList = (name: string) => ({ object: 'list', data: FAKE_MODEL_IDS.map((id) => openaiModel(id, name)) });

export const anthropicModel = (id: string) => ({ type: 'model', id, display_name: id, created_at: CREATED_ISO });

export const anthropicModelList = () => ({
  data: FAKE_MODEL_IDS.map(anthropicModel),
  has_more: false,
  first_id: FAKE_MODEL_IDS[0],
  last_id: FAKE_MODEL_IDS[FAKE_MODEL_IDS.length - 1],
});

export const geminiModelList = () => ({
  models: FAKE_MODEL_IDS.map((id) => ({
    name: `models/${id}`,
    version: '001',
    displayName: id,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: id === 'fake-embedding' ? ['embedContent'] : ['generateContent', 'countTokens'],
  })),
});
