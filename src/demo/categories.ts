/**
 * The demo world's interest categories: the words its pins are written in and
 * the look of their generated images. Index order is part of the demo's
 * ground truth (DemoTruth.categories), so append new categories at the end.
 */

export const SHAPE_FAMILIES = [
  'circles',
  'rings',
  'stripes',
  'triangles',
  'grid',
  'waves',
  'dots',
  'diamonds',
  'zigzag',
  'squares',
] as const;
export type ShapeFamily = (typeof SHAPE_FAMILIES)[number];

export interface VisualStyle {
  /** Hex colours: [0] and [1] the background gradient, the rest the shapes. */
  palette: readonly string[];
  shape: ShapeFamily;
  /** How much pixel noise, 0 (flat) to 1 (grainy). */
  texture: number;
}

export interface DemoCategory {
  slug: string;
  name: string;
  /** Single lowercase words; pins take their tags and search queries from here. */
  tags: readonly string[];
  /** Placeholders: {tag} {tag2} {Tag} {adj} {Adj} {n}. */
  titles: readonly string[];
  /** One sentence each, with the same placeholders. */
  snippets: readonly string[];
  style: VisualStyle;
}

export const CATEGORIES: readonly DemoCategory[] = [
  {
    slug: 'kitchen',
    name: 'Kitchen',
    tags: ['backsplash', 'cabinets', 'countertops', 'island', 'pantry', 'shelving', 'marble', 'farmhouse', 'tiles', 'lighting', 'sink', 'storage', 'brass', 'galley', 'butcherblock'],
    titles: ['{Adj} kitchen {tag} ideas', '{n} {tag} upgrades for a small kitchen', 'Our {tag} and {tag2} makeover', 'The {adj} {tag} we keep coming back to'],
    snippets: ['A {adj} take on {tag} that works in any kitchen.', 'We paired {tag} with {tag2} for a warm, lived-in look.', 'Small changes to the {tag} made the whole room feel new.'],
    style: { palette: ['#f4efe6', '#c9b79c', '#2f4f4f', '#b5651d'], shape: 'grid', texture: 0.15 },
  },
  {
    slug: 'recipes',
    name: 'Recipes',
    tags: ['dinner', 'pasta', 'salad', 'soup', 'chicken', 'vegan', 'curry', 'tacos', 'mealprep', 'breakfast', 'weeknight', 'noodles', 'stirfry', 'salmon', 'roast'],
    titles: ['{Adj} {tag} for busy weeknights', '{n}-minute {tag}', 'One-pan {tag} with {tag2}', 'The only {tag} recipe you need'],
    snippets: ['A {adj} {tag} that comes together in one pan.', 'Make a double batch of this {tag} and thank yourself tomorrow.', 'Bright, simple and ready in under {n} minutes.'],
    style: { palette: ['#fff3e0', '#ffb74d', '#e65100', '#6d8b3a'], shape: 'circles', texture: 0.2 },
  },
  {
    slug: 'baking',
    name: 'Baking',
    tags: ['cake', 'cookies', 'sourdough', 'bread', 'cupcakes', 'frosting', 'pie', 'brownies', 'macarons', 'croissants', 'muffins', 'tart', 'cinnamon', 'chocolate', 'scones'],
    titles: ['{Adj} {tag} from scratch', 'Bakery-style {tag} at home', '{Tag} with {tag2} glaze', '{n} tips for better {tag}'],
    snippets: ['Soft, {adj} and worth every minute of waiting.', 'The secret to this {tag} is patience and good butter.', 'Pair it with {tag2} for a weekend treat.'],
    style: { palette: ['#fdf0f3', '#f8bbd0', '#a1887f', '#6d4c41'], shape: 'dots', texture: 0.1 },
  },
  {
    slug: 'wedding',
    name: 'Wedding',
    tags: ['bouquet', 'dress', 'veil', 'venue', 'invitations', 'centerpieces', 'rings', 'bridesmaids', 'ceremony', 'reception', 'florals', 'arch', 'vows', 'elopement', 'cake'],
    titles: ['{Adj} wedding {tag} inspiration', '{n} {tag} ideas for a summer wedding', 'Our {tag} and {tag2} on the big day', '{Adj} {tag} for a garden ceremony'],
    snippets: ['Soft florals and a {adj} {tag} set the tone.', 'Everything from the {tag} to the {tag2} was planned in six months.', 'A {adj} day with the people who matter most.'],
    style: { palette: ['#fffaf5', '#f3e5d8', '#d4af37', '#c48b9f'], shape: 'rings', texture: 0.05 },
  },
  {
    slug: 'fashion',
    name: 'Fashion',
    tags: ['outfit', 'streetwear', 'denim', 'blazer', 'sneakers', 'dress', 'capsule', 'vintage', 'knitwear', 'trench', 'boots', 'accessories', 'layering', 'linen', 'tailoring'],
    titles: ['{Adj} {tag} outfit ideas', 'How to style {tag}', '{n} ways to wear {tag} this season', '{Tag} with {tag2}: a {adj} combo'],
    snippets: ['A {adj} look built around one good {tag}.', 'Mix {tag} with {tag2} for an effortless week.', 'Five pieces, a dozen outfits.'],
    style: { palette: ['#2b2b2b', '#6e6e6e', '#e91e63', '#f5f5f5'], shape: 'stripes', texture: 0.25 },
  },
  {
    slug: 'beauty',
    name: 'Beauty',
    tags: ['makeup', 'skincare', 'lipstick', 'eyeliner', 'serum', 'glow', 'blush', 'foundation', 'contour', 'eyeshadow', 'routine', 'sunscreen', 'highlighter', 'lashes', 'moisturizer'],
    titles: ['{Adj} {tag} for everyday', 'My {n}-step {tag} routine', '{Tag} and {tag2} that actually last', 'The {adj} {tag} look'],
    snippets: ['A {adj} {tag} look that takes ten minutes.', 'Start with {tag}, finish with {tag2}.', 'Less product, more glow.'],
    style: { palette: ['#fce4ec', '#f48fb1', '#ad1457', '#ffd180'], shape: 'circles', texture: 0.05 },
  },
  {
    slug: 'hair',
    name: 'Hair',
    tags: ['braids', 'curls', 'bob', 'balayage', 'updo', 'bangs', 'ponytail', 'highlights', 'pixie', 'waves', 'bun', 'layers', 'blonde', 'copper', 'brunette'],
    titles: ['{Adj} {tag} hairstyles', '{n} {tag} ideas for long hair', '{Tag} with {tag2}', 'Easy {tag} in five minutes'],
    snippets: ['A {adj} {tag} that holds all day.', 'Ask your stylist for {tag} with soft {tag2}.', 'Heatless, simple and {adj}.'],
    style: { palette: ['#efe0d0', '#b07d56', '#5d3a1a', '#e0a96d'], shape: 'waves', texture: 0.3 },
  },
  {
    slug: 'nails',
    name: 'Nails',
    tags: ['manicure', 'gel', 'chrome', 'french', 'nailart', 'almond', 'coffin', 'pastel', 'glitter', 'ombre', 'matte', 'acrylic', 'minimalist', 'marble', 'stiletto'],
    titles: ['{Adj} {tag} nails', '{n} {tag} designs to try', '{Tag} nails with {tag2} accents', 'The {adj} {tag} manicure'],
    snippets: ['A {adj} {tag} set for the season.', '{Tag} base with a touch of {tag2}.', 'Simple enough to do at home.'],
    style: { palette: ['#f3e5f5', '#ce93d8', '#7b1fa2', '#80deea'], shape: 'dots', texture: 0.05 },
  },
  {
    slug: 'tattoos',
    name: 'Tattoos',
    tags: ['linework', 'floral', 'minimalist', 'sleeve', 'blackwork', 'fineline', 'watercolor', 'geometric', 'traditional', 'script', 'dotwork', 'mandala', 'snake', 'moth', 'botanical'],
    titles: ['{Adj} {tag} tattoo ideas', '{n} small {tag} tattoos', '{Tag} tattoo with {tag2} details', 'A {adj} {tag} piece'],
    snippets: ['Clean {tag} work with {adj} shading.', 'A {tag} design that ages well.', 'Placed on the forearm, healed in three weeks.'],
    style: { palette: ['#1c1c1c', '#3a3a3a', '#c62828', '#eeeeee'], shape: 'triangles', texture: 0.35 },
  },
  {
    slug: 'travel',
    name: 'Travel',
    tags: ['itinerary', 'beaches', 'italy', 'japan', 'roadtrip', 'backpacking', 'islands', 'hotels', 'lisbon', 'iceland', 'paris', 'budget', 'packing', 'cities', 'wanderlust'],
    titles: ['{n} days of {tag} and {tag2}', 'A {adj} {tag} itinerary', '{Tag} on a budget', 'Where to stay: {tag} and {tag2}'],
    snippets: ['Everything we saw, ate and skipped on our {tag} trip.', 'A {adj} route with time to slow down.', 'Pack light and plan for {tag2}.'],
    style: { palette: ['#e0f7fa', '#4dd0e1', '#00695c', '#ffca28'], shape: 'waves', texture: 0.1 },
  },
  {
    slug: 'photography',
    name: 'Photography',
    tags: ['portrait', 'landscape', 'film', 'lighting', 'goldenhour', 'composition', 'lens', 'editing', 'presets', 'street', 'macro', 'bokeh', 'studio', 'analog', 'night'],
    titles: ['{Adj} {tag} photography tips', '{n} {tag} shots to try', '{Tag} with {tag2}', 'How I edit {tag} photos'],
    snippets: ['Shot at {tag} with a {adj} edit.', 'A simple setup: one lens, natural {tag}.', 'Composition first, gear second.'],
    style: { palette: ['#263238', '#546e7a', '#ffb300', '#cfd8dc'], shape: 'squares', texture: 0.4 },
  },
  {
    slug: 'home-decor',
    name: 'Home decor',
    tags: ['livingroom', 'bedroom', 'boho', 'scandinavian', 'rug', 'pillows', 'mirror', 'shelves', 'neutral', 'lamp', 'curtains', 'gallery', 'cozy', 'midcentury', 'entryway'],
    titles: ['{Adj} {tag} ideas', '{n} ways to refresh your {tag}', '{Tag} styling with {tag2}', 'A {adj} {tag} on a budget'],
    snippets: ['Layered textures make this {tag} feel {adj}.', 'We swapped the {tag} and added {tag2}.', 'Warm light, soft fabrics, nothing fussy.'],
    style: { palette: ['#f1ebe3', '#d7c4a8', '#8a9a5b', '#b5654a'], shape: 'squares', texture: 0.15 },
  },
  {
    slug: 'diy',
    name: 'DIY',
    tags: ['upcycling', 'woodworking', 'paint', 'tools', 'pallet', 'stencil', 'makeover', 'hacks', 'furniture', 'renovation', 'epoxy', 'tiling', 'workbench', 'macrame', 'shelves'],
    titles: ['DIY {tag} in a weekend', '{n} {adj} {tag} projects', '{Tag} makeover with {tag2}', 'Beginner {tag}: step by step'],
    snippets: ['A {adj} {tag} project for under fifty dollars.', 'All you need is {tag2} and an afternoon.', 'Before and after, with every step.'],
    style: { palette: ['#fff8e1', '#ffe082', '#5d4037', '#1976d2'], shape: 'squares', texture: 0.3 },
  },
  {
    slug: 'gardening',
    name: 'Gardening',
    tags: ['vegetables', 'herbs', 'raisedbeds', 'succulents', 'roses', 'compost', 'seedlings', 'balcony', 'perennials', 'tomatoes', 'pollinators', 'greenhouse', 'containers', 'pruning', 'mulch'],
    titles: ['{Adj} {tag} garden ideas', 'Growing {tag} for beginners', '{n} tips for {tag} and {tag2}', 'A {adj} {tag} plan'],
    snippets: ['Plant {tag} early and keep the soil moist.', 'A {adj} corner for {tag} and {tag2}.', 'Small space, big harvest.'],
    style: { palette: ['#e8f5e9', '#81c784', '#2e7d32', '#f9a825'], shape: 'zigzag', texture: 0.25 },
  },
  {
    slug: 'fitness',
    name: 'Fitness',
    tags: ['workout', 'hiit', 'strength', 'cardio', 'abs', 'glutes', 'dumbbells', 'running', 'stretching', 'kettlebell', 'homegym', 'protein', 'pushups', 'squats', 'mobility'],
    titles: ['{n}-minute {tag} workout', '{Adj} {tag} routine', '{Tag} and {tag2} for beginners', 'A {adj} {tag} plan'],
    snippets: ['{n} minutes of {tag}, no equipment needed.', 'Pair {tag} with {tag2} three times a week.', 'Progress over perfection.'],
    style: { palette: ['#eceff1', '#90a4ae', '#d84315', '#263238'], shape: 'zigzag', texture: 0.2 },
  },
  {
    slug: 'yoga',
    name: 'Yoga',
    tags: ['poses', 'flow', 'meditation', 'breathwork', 'mindfulness', 'vinyasa', 'stretch', 'mat', 'balance', 'sunrise', 'restorative', 'pilates', 'calm', 'journaling', 'chakra'],
    titles: ['{Adj} morning {tag}', '{n} {tag} poses for beginners', '{Tag} and {tag2} to unwind', 'A {adj} {tag} practice'],
    snippets: ['A {adj} {tag} to start the day.', 'Ten breaths, then {tag2}.', 'Slow down and listen to your body.'],
    style: { palette: ['#f3f0fa', '#b39ddb', '#4527a0', '#ffab91'], shape: 'rings', texture: 0.05 },
  },
  {
    slug: 'art',
    name: 'Art',
    tags: ['painting', 'watercolor', 'acrylic', 'canvas', 'abstract', 'portrait', 'sketch', 'oilpaint', 'gallery', 'palette', 'mural', 'charcoal', 'printmaking', 'collage', 'texture'],
    titles: ['{Adj} {tag} ideas', '{Tag} study in {tag2}', '{n} {tag} techniques', 'A {adj} {tag} for the living room'],
    snippets: ['{Tag} on canvas with {adj} colour.', 'From first {tag} to finished {tag2}.', 'Process shots from the studio.'],
    style: { palette: ['#fffde7', '#fff176', '#1565c0', '#d32f2f'], shape: 'diamonds', texture: 0.45 },
  },
  {
    slug: 'illustration',
    name: 'Illustration',
    tags: ['digital', 'procreate', 'characters', 'lettering', 'sketchbook', 'inking', 'comics', 'gouache', 'doodles', 'fanart', 'concept', 'linework', 'cute', 'animals', 'editorial'],
    titles: ['{Adj} {tag} illustration', '{Tag} in {tag2}', '{n} {tag} prompts', 'My {adj} {tag} process'],
    snippets: ['Drawn in {tag} with {adj} colours.', 'A page from the {tag} series.', 'Brushes and process in the comments.'],
    style: { palette: ['#e3f2fd', '#90caf9', '#f06292', '#311b92'], shape: 'zigzag', texture: 0.1 },
  },
  {
    slug: 'architecture',
    name: 'Architecture',
    tags: ['brutalist', 'facade', 'modernist', 'interiors', 'concrete', 'staircase', 'cabin', 'skyscraper', 'courtyard', 'timber', 'minimalist', 'arches', 'glass', 'villa', 'urban'],
    titles: ['{Adj} {tag} architecture', '{Tag} and {tag2}', '{n} {tag} buildings worth a visit', 'A {adj} {tag} house'],
    snippets: ['{Tag} lines and {adj} light.', 'Built with {tag2} and restraint.', 'Form following function.'],
    style: { palette: ['#eeeeee', '#bdbdbd', '#424242', '#ff7043'], shape: 'triangles', texture: 0.3 },
  },
  {
    slug: 'cars',
    name: 'Cars',
    tags: ['classic', 'restoration', 'muscle', 'jdm', 'electric', 'roadster', 'interior', 'wheels', 'vintage', 'detailing', 'garage', 'racing', 'offroad', 'convertible', 'engine'],
    titles: ['{Adj} {tag} builds', '{Tag} with {tag2}', '{n} {tag} cars we love', 'Inside a {adj} {tag}'],
    snippets: ['A {adj} {tag} with period details.', 'Two years of {tag} and {tag2}.', 'Clean lines, loud engine.'],
    style: { palette: ['#fafafa', '#cfd8dc', '#b71c1c', '#37474f'], shape: 'stripes', texture: 0.2 },
  },
  {
    slug: 'pets',
    name: 'Pets',
    tags: ['puppy', 'kitten', 'dogs', 'cats', 'grooming', 'training', 'beds', 'toys', 'adoption', 'aquarium', 'rabbits', 'treats', 'goldenretriever', 'corgi', 'tabby'],
    titles: ['{Adj} {tag} moments', '{n} {tag} tips for new owners', '{Tag} and {tag2}', '{Adj} {tag} essentials'],
    snippets: ['Ours has strong opinions about {tag2}.', 'A {adj} corner for naps.', 'Adopted last spring, family ever since.'],
    style: { palette: ['#fff3e0', '#ffcc80', '#795548', '#4caf50'], shape: 'circles', texture: 0.3 },
  },
  {
    slug: 'parenting',
    name: 'Parenting',
    tags: ['toddler', 'nursery', 'playroom', 'activities', 'montessori', 'lunchbox', 'baby', 'sensory', 'crafts', 'routine', 'bedtime', 'printables', 'homeschool', 'sleep', 'milestones'],
    titles: ['{Adj} {tag} ideas', '{n} {tag} activities for rainy days', '{Tag} and {tag2} that work', 'Our {adj} {tag}'],
    snippets: ['A {adj} {tag} setup the kids actually use.', 'Simple {tag} with things you already have.', 'Printable version on the board.'],
    style: { palette: ['#e1f5fe', '#fff59d', '#ff8a65', '#4db6ac'], shape: 'diamonds', texture: 0.1 },
  },
  {
    slug: 'quotes',
    name: 'Quotes',
    tags: ['motivation', 'inspiration', 'love', 'life', 'friendship', 'mindset', 'positivity', 'wisdom', 'funny', 'affirmations', 'selflove', 'strength', 'happiness', 'gratitude', 'words'],
    titles: ['{Adj} quotes about {tag}', '{n} {tag} quotes to save', 'Words on {tag} and {tag2}', 'Daily {tag}'],
    snippets: ['A little {tag} for the week ahead.', 'Save this for a day that needs {tag2}.', 'Short, true and {adj}.'],
    style: { palette: ['#fbe9e7', '#ffccbc', '#37474f', '#ffffff'], shape: 'dots', texture: 0.05 },
  },
  {
    slug: 'technology',
    name: 'Technology',
    tags: ['gadgets', 'setup', 'desk', 'keyboard', 'smarthome', 'coding', 'laptop', 'wallpaper', 'headphones', 'productivity', 'apps', 'minimal', 'workstation', 'monitors', 'cables'],
    titles: ['{Adj} {tag} setup', '{n} {tag} upgrades', '{Tag} with {tag2}', 'My {adj} {tag} tour'],
    snippets: ['A {adj} {tag} with hidden {tag2}.', 'Everything on the desk, linked on the board.', 'Fewer wires, more focus.'],
    style: { palette: ['#0d1b2a', '#1b263b', '#00e5ff', '#778da9'], shape: 'grid', texture: 0.15 },
  },
  {
    slug: 'gaming',
    name: 'Gaming',
    tags: ['setup', 'retro', 'consoles', 'pixelart', 'cosplay', 'rgb', 'controllers', 'indie', 'speedrun', 'streaming', 'arcade', 'fantasy', 'rpg', 'handheld', 'tabletop'],
    titles: ['{Adj} {tag} setup', '{n} {tag} games to play', '{Tag} and {tag2}', 'The {adj} {tag} corner'],
    snippets: ['{Tag} glow and a {adj} chair.', 'Hours of {tag} and no regrets.', 'Built one part at a time.'],
    style: { palette: ['#1a0033', '#4a148c', '#76ff03', '#ff4081'], shape: 'grid', texture: 0.2 },
  },
  {
    slug: 'books',
    name: 'Books',
    tags: ['reading', 'bookshelf', 'fantasy', 'romance', 'thriller', 'classics', 'cozy', 'bookstagram', 'library', 'annotations', 'novels', 'poetry', 'tbr', 'nook', 'memoir'],
    titles: ['{Adj} {tag} picks', '{n} {tag} books for autumn', '{Tag} and {tag2} reads', 'A {adj} reading {tag}'],
    snippets: ['Our {tag} list for the month.', 'A {adj} {tag} to get lost in.', 'Tea, a blanket and one more chapter.'],
    style: { palette: ['#efebe9', '#bcaaa4', '#3e2723', '#558b2f'], shape: 'stripes', texture: 0.35 },
  },
  {
    slug: 'music',
    name: 'Music',
    tags: ['guitar', 'vinyl', 'piano', 'concerts', 'festival', 'playlist', 'synth', 'studio', 'lyrics', 'records', 'drums', 'jazz', 'indie', 'ukulele', 'band'],
    titles: ['{Adj} {tag} setup', '{n} {tag} albums on repeat', '{Tag} and {tag2}', 'Learning {tag} at thirty'],
    snippets: ['A {adj} {tag} corner for late nights.', 'Side A: {tag}, side B: {tag2}.', 'Turn it up.'],
    style: { palette: ['#212121', '#424242', '#ffd600', '#e040fb'], shape: 'rings', texture: 0.25 },
  },
  {
    slug: 'outdoors',
    name: 'Outdoors',
    tags: ['hiking', 'trails', 'mountains', 'camping', 'kayaking', 'waterfall', 'backpacking', 'summit', 'forest', 'climbing', 'lakes', 'sunset', 'gear', 'wildflowers', 'canyon'],
    titles: ['{Adj} {tag} trips', '{n} {tag} spots to visit', '{Tag} and {tag2} weekend', 'Our {adj} {tag} route'],
    snippets: ['Eight miles of {tag} and one {adj} view.', 'Start early, bring {tag2}.', 'Leave no trace.'],
    style: { palette: ['#dcedc8', '#689f38', '#33691e', '#8d6e63'], shape: 'triangles', texture: 0.3 },
  },
  {
    slug: 'cocktails',
    name: 'Cocktails',
    tags: ['mocktails', 'gin', 'margarita', 'spritz', 'whiskey', 'garnish', 'mojito', 'tiki', 'martini', 'bar', 'sangria', 'punch', 'bitters', 'citrus', 'glassware'],
    titles: ['{Adj} {tag} recipes', '{n} {tag} drinks for summer', '{Tag} with {tag2}', 'The {adj} {tag}'],
    snippets: ['Shake the {tag} with ice and a twist of {tag2}.', 'A {adj} drink for long evenings.', 'Batch it for a crowd.'],
    style: { palette: ['#fff8e1', '#ffab40', '#00838f', '#c2185b'], shape: 'waves', texture: 0.1 },
  },
  {
    slug: 'holidays',
    name: 'Holidays',
    tags: ['christmas', 'halloween', 'thanksgiving', 'easter', 'ornaments', 'wreath', 'advent', 'pumpkins', 'giftwrap', 'lights', 'tablescape', 'stockings', 'costumes', 'decorations', 'festive'],
    titles: ['{Adj} {tag} ideas', '{n} {tag} decorations to make', '{Tag} and {tag2}', 'A {adj} {tag} table'],
    snippets: ['A {adj} {tag} setup for the family.', 'Homemade {tag} and a little {tag2}.', 'Start the tradition this year.'],
    style: { palette: ['#b71c1c', '#1b5e20', '#ffd54f', '#fafafa'], shape: 'diamonds', texture: 0.2 },
  },
];

/** Categories people tend to like together: user interests, creator focus and drift follow these. */
export const RELATED_CATEGORIES: readonly (readonly [string, string])[] = [
  ['kitchen', 'recipes'],
  ['recipes', 'baking'],
  ['recipes', 'cocktails'],
  ['baking', 'holidays'],
  ['kitchen', 'home-decor'],
  ['wedding', 'fashion'],
  ['wedding', 'beauty'],
  ['fashion', 'beauty'],
  ['beauty', 'hair'],
  ['beauty', 'nails'],
  ['hair', 'nails'],
  ['tattoos', 'art'],
  ['art', 'illustration'],
  ['travel', 'photography'],
  ['travel', 'outdoors'],
  ['photography', 'architecture'],
  ['home-decor', 'diy'],
  ['home-decor', 'architecture'],
  ['diy', 'gardening'],
  ['gardening', 'outdoors'],
  ['fitness', 'yoga'],
  ['yoga', 'quotes'],
  ['quotes', 'books'],
  ['parenting', 'holidays'],
  ['technology', 'gaming'],
  ['gaming', 'illustration'],
  ['music', 'books'],
  ['cars', 'technology'],
  ['pets', 'outdoors'],
];

/** A grey style for pins whose first tag names no category. */
export const NEUTRAL_STYLE: VisualStyle = { palette: ['#eeeeee', '#bdbdbd', '#757575', '#9e9e9e'], shape: 'dots', texture: 0.1 };

const bySlug = new Map(CATEGORIES.map((c, i) => [c.slug, i]));

/** The category's index, or -1 when no category has this slug. */
export function categoryIndex(slug: string): number {
  return bySlug.get(slug) ?? -1;
}

/** For each category index, the indices of its related categories. */
export function relatedIndices(): number[][] {
  const out: number[][] = CATEGORIES.map(() => []);
  for (const [a, b] of RELATED_CATEGORIES) {
    const i = categoryIndex(a);
    const j = categoryIndex(b);
    if (i < 0 || j < 0) throw new Error(`RELATED_CATEGORIES names an unknown category: ${i < 0 ? a : b}`);
    out[i]!.push(j);
    out[j]!.push(i);
  }
  return out;
}
