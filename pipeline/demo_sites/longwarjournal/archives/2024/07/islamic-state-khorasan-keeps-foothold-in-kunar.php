<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives | FDD&#x27;s Long War Journal</title>
  <meta name="robots" content="index, follow, max-image-preview:large">
  <link rel="canonical" href="{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php">
  <meta property="og:locale" content="en_US">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives | FDD&#x27;s Long War Journal">
  <meta property="og:site_name" content="FDD&#x27;s Long War Journal">
  <meta property="og:description" content="UN monitors say the Islamic State&#x27;s Afghan branch still has cells in Kunar province.">
  <meta property="og:url" content="{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php">
  <script type="application/ld+json" class="yoast-schema-graph">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "@id": "{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php#article", "isPartOf": {"@id": "{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php"}, "author": {"name": "Thomas Joscelyn & Bill Roggio", "@id": "{base}/#/schema/person/thomas-joscelyn-bill-roggio"}, "headline": "Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives", "datePublished": "2024-07-30T11:00:00", "dateModified": "2024-07-30T11:00:00", "mainEntityOfPage": {"@id": "{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php"}, "publisher": {"@id": "{base}/#organization"}, "keywords": ["Afghanistan", "Islamic State Khorasan Province", "Kunar", "Taliban"], "articleSection": ["Afghanistan"], "inLanguage": "en-US"}, {"@type": "WebPage", "@id": "{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php", "url": "{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php", "name": "Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives | FDD's Long War Journal", "isPartOf": {"@id": "{base}/#website"}, "datePublished": "2024-07-30T11:00:00"}, {"@type": "WebSite", "@id": "{base}/#website", "url": "{base}/", "name": "FDD's Long War Journal", "publisher": {"@id": "{base}/#organization"}, "inLanguage": "en-US"}, {"@type": "Organization", "@id": "{base}/#organization", "name": "FDD's Long War Journal", "url": "{base}/"}, {"@type": "Person", "@id": "{base}/#/schema/person/thomas-joscelyn-bill-roggio", "name": "Thomas Joscelyn & Bill Roggio", "url": "{base}/archives/author/thomas-joscelyn-bill-roggio"}]}</script>
  <link rel="https://api.w.org/" href="{base}/wp-json/">
  <link rel="alternate" type="application/rss+xml" title="FDD&#039;s Long War Journal &raquo; Feed" href="{base}/feed">
  <link rel='stylesheet' id='lwj-style-css' href='{base}/wp-content/themes/lwj/style.css?ver=6.4.2' media='all'>
  <script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
  <script>window.nitroFragments = window.nitroFragments || {};</script>
</head>
<body class="post-template-default single single-post single-format-standard postid-79811">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header">
  <div class="site-branding"><a href="{base}/" rel="home"><img nitro-lazy-src="https://cdn-ilcjbkl.nitrocdn.com/qRyTnSbAzHhNWFbXwEpOhAJrVxmVZbCd/assets/images/optimized/rev-5e2a8f1/www.longwarjournal.org/wp-content/themes/lwj/images/lwj-logo.png" class="custom-logo nitro-lazy" alt="FDD's Long War Journal" src="data:image/svg+xml;nitro-empty-id=MTE0OjE4Mg==-1;base64,PHN2ZyB2aWV3Qm94PSIwIDAgMzAwIDYwIiB3aWR0aD0iMzAwIiBoZWlnaHQ9IjYwIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjwvc3ZnPg==" width="300" height="60"></a>
    <p class="site-description">A project of the Foundation for Defense of Democracies</p></div>
  <nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
    <li><a href="{base}/">Home</a></li><li><a href="{base}/tags/afghanistan">Afghanistan</a></li>
    <li><a href="{base}/tags/pakistan">Pakistan</a></li><li><a href="{base}/tags/islamic-state">Islamic State</a></li>
    <li><a href="{base}/podcast">Podcast</a></li><li><a href="{base}/donate">Donate</a></li></ul></nav>
  <form role="search" method="get" class="search-form" action="{base}/"><input type="search" name="s" placeholder="Search &hellip;"><button type="submit">Search</button></form>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-79811" class="post-79811 post type-post status-publish format-standard hentry category-afghanistan">
<header class="entry-header"><h1 class="entry-title">Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="{base}/archives/author/thomas-joscelyn-bill-roggio" rel="author">Thomas Joscelyn &amp; Bill Roggio</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="2024-07-30T11:00:00-04:00">July 30, 2024</time></span></div></header>
<div class="entry-content">
<p>The Islamic State Khorasan Province (ISKP) continues to operate in the mountains of Kunar province despite repeated Taliban operations against the group in eastern Afghanistan, according to the latest report of the United Nations team that monitors sanctions on the Taliban, the Islamic State and al-Qaeda.</p>
<p>Kunar, a rugged province along the Pakistani border, has long served as a refuge for jihadist groups. Before 2021, the Islamic State&#x27;s branch used the valleys of Kunar and neighboring Nangarhar as its main stronghold, and it fought both the former Afghan government and the Taliban for control of districts such as Chapa Dara and Manogai.</p>
<p>After the Taliban takeover, ISKP turned to urban attacks. It claimed the suicide bombing at Kabul&#x27;s airport in August 2021 that killed 13 US service members and scores of Afghans, and it has since struck Shia mosques in Kunduz and Kandahar, a Sikh temple in Kabul, and the Russian and Pakistani diplomatic missions in the capital.</p>
<p>The Taliban&#x27;s General Directorate of Intelligence has responded with raids in Kunar, Nangarhar and Kabul, and Taliban officials regularly claim to have killed or captured ISKP commanders. In Kunar, the Taliban have announced operations in the Pech valley and in Asadabad, the provincial capital, where they say ISKP cells were preparing attacks.</p>
<p>The UN monitors judged that ISKP has lost ground inside Afghanistan but remains the most serious threat to the Taliban, and that it has become more capable of attacks abroad. ISKP operatives were linked to the January 2024 bombings in Kerman, Iran, and to the March 2024 assault on the Crocus City Hall concert venue near Moscow.</p>
<p>The group&#x27;s presence in Kunar also complicates the Taliban&#x27;s relations with Pakistan, which accuses Kabul of sheltering the Tehreek-e-Taliban Pakistan (TTP) in the same border region. ISKP has attacked both the Taliban and Pakistani targets, including a political rally in Bajaur in July 2023.</p>
<p>The Taliban insist that no group uses Afghan territory to threaten other countries. The persistence of ISKP cells in Kunar, together with the presence of al-Qaeda and the TTP elsewhere in the east, suggests otherwise.</p>
<div class="donation-appeal"><p>Are you a dedicated reader of FDD&#x27;s Long War Journal? If our work has been useful to you or your organization, please consider supporting our independent reporting with a one-time or monthly tax-deductible donation. Thank you for reading.</p></div>
</div>
<footer class="entry-footer"><span class="tags-links">Tags: <a href="{base}/tags/afghanistan" rel="tag">Afghanistan</a>, <a href="{base}/tags/islamic-state-khorasan-province" rel="tag">Islamic State Khorasan Province</a>, <a href="{base}/tags/kunar" rel="tag">Kunar</a>, <a href="{base}/tags/taliban" rel="tag">Taliban</a></span></footer>
<div class="author-box"><div class="author-box-avatar"><img nitro-lazy-src="https://cdn-ilcjbkl.nitrocdn.com/x/joscelyn-roggio.jpg" class="nitro-lazy" src="data:image/svg+xml;nitro-empty-id=MTk5OjE4Mg==-1;base64,PHN2Zz48L3N2Zz4=" alt=""></div>
<div class="author-box-text"><h4>About Thomas Joscelyn &amp; Bill Roggio</h4><p>Thomas Joscelyn is a Senior Fellow at the Foundation for Defense of Democracies. Bill Roggio is the editor of FDD&#x27;s Long War Journal.</p></div></div>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">1 thoughts on &ldquo;Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives&rdquo;</h2>
  <ol class="comment-list"><li id="comment-201" class="comment even thread-even depth-1"><article id="div-comment-201" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Analyst_22</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php#comment-201"><time datetime="2024-07-30T13:10:00-04:00">July 30, 2024 at 1:10 pm</time></a></div></footer><div class="comment-content"><p>Kunar has been the backup base for every jihadist group since the 1980s.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-201">Reply</a></div></article></li></ol>
  <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
    <form action="{base}/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.</p>
    <p class="comment-form-comment"><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
    <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"></p></form></div>
</div>
</main></div>
<aside id="secondary" class="widget-area">
  <section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
    <ul><li><a href="{base}/archives/2024/09/shabaab-attack-in-mogadishu.php">Shabaab keeps up pressure on Mogadishu after deadly beach attack</a></li>
      <li><a href="{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php">Resistance front claims deadly raid on Taliban checkpoint in Andarab</a></li></ul></section>
  <section id="text-4" class="widget widget_text"><div class="textwidget"><p>Support independent reporting: <a href="{base}/donate">donate to LWJ</a>.</p></div></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
  <div class="site-info">&copy; 2024 FDD's Long War Journal. A project of the <a href="https://www.fdd.org">Foundation for Defense of Democracies</a>. <a href="{base}/privacy-policy">Privacy policy</a></div>
</footer>
<script>(function(){var l=document.querySelectorAll('img.nitro-lazy');l.forEach(function(i){i.src=i.getAttribute('nitro-lazy-src');});})();</script>
</div>
</body>
</html>
