<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Resistance front claims deadly raid on Taliban checkpoint in Andarab | FDD&#x27;s Long War Journal</title>
  <meta name="robots" content="index, follow, max-image-preview:large">
  <link rel="canonical" href="{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php">
  <meta property="og:locale" content="en_US">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Resistance front claims deadly raid on Taliban checkpoint in Andarab | FDD&#x27;s Long War Journal">
  <meta property="og:site_name" content="FDD&#x27;s Long War Journal">
  <meta property="og:description" content="The National Resistance Front says its fighters killed five Taliban members in an attack on a checkpoint in Baghlan&#x27;s Andarab valley.">
  <meta property="og:url" content="{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php">
  <meta property="article:published_time" content="2024-09-12T14:30:00-04:00">
  <meta property="article:modified_time" content="2024-09-12T14:30:00-04:00">
  <meta property="article:section" content="Afghanistan">
  <meta property="article:tag" content="Afghanistan">
  <meta property="article:tag" content="Andarab">
  <meta property="article:tag" content="Baghlan">
  <meta property="article:tag" content="National Resistance Front">
  <meta property="article:tag" content="Taliban">
  <meta name="author" content="Bill Roggio">
  <script type="application/ld+json" class="yoast-schema-graph">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "@id": "{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php#article", "isPartOf": {"@id": "{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php"}, "author": {"@id": "{base}/#/schema/person/bill-roggio"}, "headline": "Resistance front claims deadly raid on Taliban checkpoint in Andarab", "datePublished": "2024-09-12T14:30:00-04:00", "dateModified": "2024-09-12T14:30:00-04:00", "mainEntityOfPage": {"@id": "{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php"}, "publisher": {"@id": "{base}/#organization"}, "keywords": ["Afghanistan", "Andarab", "Baghlan", "National Resistance Front", "Taliban"], "articleSection": ["Afghanistan"], "inLanguage": "en-US"}, {"@type": "WebPage", "@id": "{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php", "url": "{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php", "name": "Resistance front claims deadly raid on Taliban checkpoint in Andarab | FDD's Long War Journal", "isPartOf": {"@id": "{base}/#website"}, "datePublished": "2024-09-12T14:30:00-04:00"}, {"@type": "WebSite", "@id": "{base}/#website", "url": "{base}/", "name": "FDD's Long War Journal", "publisher": {"@id": "{base}/#organization"}, "inLanguage": "en-US"}, {"@type": "Organization", "@id": "{base}/#organization", "name": "FDD's Long War Journal", "url": "{base}/"}, {"@type": "Person", "@id": "{base}/#/schema/person/bill-roggio", "name": "Bill Roggio", "url": "{base}/archives/author/bill-roggio"}]}</script>
  <link rel="https://api.w.org/" href="{base}/wp-json/">
  <link rel="alternate" type="application/rss+xml" title="FDD&#039;s Long War Journal &raquo; Feed" href="{base}/feed">
  <link rel='stylesheet' id='lwj-style-css' href='{base}/wp-content/themes/lwj/style.css?ver=6.4.2' media='all'>
  <script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
  <script>window.nitroFragments = window.nitroFragments || {};</script>
</head>
<body class="post-template-default single single-post single-format-standard postid-80412">
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
<article id="post-80412" class="post-80412 post type-post status-publish format-standard has-post-thumbnail hentry category-afghanistan">
<header class="entry-header"><h1 class="entry-title">Resistance front claims deadly raid on Taliban checkpoint in Andarab</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="{base}/archives/author/bill-roggio" rel="author">Bill Roggio</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="2024-09-12T14:30:00-04:00">September 12, 2024</time></span></div></header>
<div class="entry-content">
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
  <li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="?share=twitter" target="_blank"><span>X</span></a></li>
  <li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="?share=facebook" target="_blank"><span>Facebook</span></a></li>
  <li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject=Shared%20post" target="_blank"><span>Email</span></a></li>
</ul></div></div></div>
<figure class="wp-block-image size-large"><img nitro-lazy-src="https://cdn-ilcjbkl.nitrocdn.com/qRyTnSbAzHhNWFbXwEpOhAJrVxmVZbCd/assets/images/optimized/rev-5e2a8f1/www.longwarjournal.org/wp-content/uploads/2024/09/andarab-valley.jpg" class="wp-image-80412 nitro-lazy" decoding="async" nitro-lazy-empty id="MTYzOjIwOQ==-1" src="data:image/svg+xml;nitro-empty-id=MTYzOjIwOQ==-1;base64,PHN2ZyB2aWV3Qm94PSIwIDAgMTAyNCA2ODMiIHdpZHRoPSIxMDI0IiBoZWlnaHQ9IjY4MyIgeG1sbnM9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48L3N2Zz4=" alt="" width="1024" height="683"><figcaption class="wp-element-caption">The Andarab valley in Baghlan province. File photo.</figcaption></figure>
<p>The National Resistance Front of Afghanistan (NRF) said its fighters attacked a Taliban checkpoint in the Andarab valley of Baghlan province late on Tuesday, claiming that five Taliban members were killed and two others wounded in a firefight that lasted close to an hour.</p>
<p>The group, which is led by Ahmad Massoud, published its claim on social media the following morning. According to the NRF, the raid took place near the village of Deh Salah, on the road that links Andarab with the Khawak Pass and the Panjshir valley beyond it. The Taliban did not comment on the claim, and the casualty figures could not be independently verified.</p>
<p>Andarab has been one of the few areas outside Panjshir where armed opposition to the Taliban has persisted since the group seized Kabul in August 2021. Local militias briefly took control of three Andarab districts in the weeks after the fall of the republic before Taliban reinforcements pushed them back into the mountains.</p>
<p>Since then, the NRF has claimed a steady stream of small-unit attacks in Andarab, Khost wa Fereng and the Panjshir valley, usually ambushes on patrols or night raids on isolated posts. The Afghanistan Freedom Front, a separate group formed by former Afghan army officers, has claimed similar operations in Kapisa, Parwan and Kabul.</p>
<p>The Taliban have answered with house searches, arrests and what human rights groups describe as reprisals against civilians accused of supporting the resistance. Residents of Andarab and Panjshir have reported forced displacement and detentions after earlier NRF claims.</p>
<p>The scale of the fighting remains limited. The NRF lacks a secure base inside Afghanistan and has struggled to win outside support, while the Taliban have concentrated thousands of fighters in Panjshir and the neighboring districts. Neither side controls the flow of information from the valleys, and claims from both are routinely inflated.</p>
<p>Still, the persistence of attacks in the northeast three years after the Taliban takeover shows that the group&#x27;s hold over the former heartland of the anti-Taliban Northern Alliance is not complete. FDD&#x27;s Long War Journal will continue to track attacks claimed by the NRF and other resistance groups.</p>
<div class="donation-appeal"><p><strong>Are you a dedicated reader of FDD&#x27;s Long War Journal? If our work has been useful to you or your organization, please consider supporting our independent reporting with a one-time or monthly tax-deductible donation. Thank you for reading.</strong> <a href="{base}/donate">Donate now</a></p></div>
<div class="author-bio"><img nitro-lazy-src="https://cdn-ilcjbkl.nitrocdn.com/x/bill-roggio.jpg" class="nitro-lazy" src="data:image/svg+xml;nitro-empty-id=MTc4OjE4Mg==-1;base64,PHN2Zz48L3N2Zz4=" alt=""><p>Bill Roggio is a Senior Fellow at the Foundation for Defense of Democracies and the editor of FDD&#x27;s Long War Journal.</p></div>
<p class="post-tags">Tags: <a href="{base}/tags/afghanistan" rel="tag">Afghanistan</a>, <a href="{base}/tags/andarab" rel="tag">Andarab</a>, <a href="{base}/tags/baghlan" rel="tag">Baghlan</a>, <a href="{base}/tags/national-resistance-front" rel="tag">National Resistance Front</a>, <a href="{base}/tags/taliban" rel="tag">Taliban</a></p>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><div class="jp-relatedposts-items"><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{base}/archives/2024/08/taliban-reshuffle-leadership-in-baghlan.php">Taliban reshuffle leadership in Baghlan as northern rivalries simmer</a></h4><p class="jp-relatedposts-post-date">August 20, 2024</p></div><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php">Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives</a></h4><p class="jp-relatedposts-post-date">July 30, 2024</p></div><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{base}/archives/2024/07/un-report-al-qaeda-and-pakistani-taliban-deepen-ties.php">UN report: al-Qaeda and the Pakistani Taliban deepen ties in Afghanistan</a></h4><p class="jp-relatedposts-post-date">July 2, 2024</p></div></div></div>
</div>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">2 thoughts on &ldquo;Resistance front claims deadly raid on Taliban checkpoint in Andarab&rdquo;</h2>
  <ol class="comment-list"><li id="comment-101" class="comment even thread-even depth-1"><article id="div-comment-101" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Kabul Watcher</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php#comment-101"><time datetime="2024-09-12T16:02:11-04:00">September 12, 2024 at 4:02 pm</time></a></div></footer><div class="comment-content"><p>The valley has never accepted outside rule for long. Expect the Taliban to send more fighters before winter.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-101">Reply</a></div></article></li><li id="comment-102" class="comment even thread-even depth-1"><article id="div-comment-102" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">R. Thompson</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="{base}/archives/2024/09/resistance-front-claims-raid-on-taliban-checkpoint-in-andarab.php#comment-102"><time datetime="2024-09-13T08:41:00-04:00">September 13, 2024 at 8:41 am</time></a></div></footer><div class="comment-content"><p>Good summary, but the casualty claims from both sides should be read with a lot of salt.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-102">Reply</a></div></article></li></ol>
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
