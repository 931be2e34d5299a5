// A Netlify build plugin that keeps masthead's cache folder between builds with Netlify's own
// cache utility: restored before the build, saved after a successful one.
const CACHE = 'node_modules/.cache/masthead';

export const onPreBuild = async ({ utils }) => {
  if (await utils.cache.restore(CACHE)) console.log(`Restored ${CACHE} from the last build.`);
};

export const onPostBuild = async ({ utils }) => {
  await utils.cache.save(CACHE);
};
