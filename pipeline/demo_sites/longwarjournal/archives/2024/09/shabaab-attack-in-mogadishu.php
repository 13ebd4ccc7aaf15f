<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Shabaab keeps up pressure on Mogadishu after deadly beach attack | FDD&#x27;s Long War Journal</title>
  <meta name="robots" content="index, follow, max-image-preview:large">
  <link rel="canonical" href="{base}/archives/2024/09/shabaab-attack-in-mogadishu.php">
  <meta property="og:locale" content="en_US">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Shabaab keeps up pressure on Mogadishu after deadly beach attack | FDD&#x27;s Long War Journal">
  <meta property="og:site_name" content="FDD&#x27;s Long War Journal">
  <meta property="og:description" content="Al-Qaeda&#x27;s East African branch has stepped up attacks in the Somali capital.">
  <meta property="og:url" content="{base}/archives/2024/09/shabaab-attack-in-mogadishu.php">
  <meta property="article:published_time" content="2024-09-13T07:00:00-04:00">
  <meta property="article:modified_time" content="2024-09-13T07:00:00-04:00">
  <meta property="article:section" content="Africa">
  <meta property="article:tag" content="al Qaeda">
  <meta property="article:tag" content="Shabaab">
  <meta property="article:tag" content="Somalia">
  <meta name="author" content="Caleb Weiss">
  <script type="application/ld+json" class="yoast-schema-graph">{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "@id": "{base}/archives/2024/09/shabaab-attack-in-mogadishu.php#article", "isPartOf": {"@id": "{base}/archives/2024/09/shabaab-attack-in-mogadishu.php"}, "author": {"@id": "{base}/#/schema/person/caleb-weiss"}, "headline": "Shabaab keeps up pressure on Mogadishu after deadly beach attack", "datePublished": "2024-09-13T07:00:00-04:00", "dateModified": "2024-09-13T07:00:00-04:00", "mainEntityOfPage": {"@id": "{base}/archives/2024/09/shabaab-attack-in-mogadishu.php"}, "publisher": {"@id": "{base}/#organization"}, "keywords": ["al Qaeda", "Shabaab", "Somalia"], "articleSection": ["Afghanistan"], "inLanguage": "en-US"}, {"@type": "WebPage", "@id": "{base}/archives/2024/09/shabaab-attack-in-mogadishu.php", "url": "{base}/archives/2024/09/shabaab-attack-in-mogadishu.php", "name": "Shabaab keeps up pressure on Mogadishu after deadly beach attack | FDD's Long War Journal", "isPartOf": {"@id": "{base}/#website"}, "datePublished": "2024-09-13T07:00:00-04:00"}, {"@type": "WebSite", "@id": "{base}/#website", "url": "{base}/", "name": "FDD's Long War Journal", "publisher": {"@id": "{base}/#organization"}, "inLanguage": "en-US"}, {"@type": "Organization", "@id": "{base}/#organization", "name": "FDD's Long War Journal", "url": "{base}/"}, {"@type": "Person", "@id": "{base}/#/schema/person/caleb-weiss", "name": "Caleb Weiss", "url": "{base}/archives/author/caleb-weiss"}]}</script>
  <link rel="https://api.w.org/" href="{base}/wp-json/">
  <link rel="alternate" type="application/rss+xml" title="FDD&#039;s Long War Journal &raquo; Feed" href="{base}/feed">
  <link rel='stylesheet' id='lwj-style-css' href='{base}/wp-content/themes/lwj/style.css?ver=6.4.2' media='all'>
  <script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
  <script>window.nitroFragments = window.nitroFragments || {};</script>
</head>
<body class="post-template-default single single-post single-format-standard postid-80450">
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
<article id="post-80450" class="post-80450 post type-post status-publish format-standard hentry category-africa">
<header class="entry-header"><h1 class="entry-title">Shabaab keeps up pressure on Mogadishu after deadly beach attack</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="{base}/archives/author/caleb-weiss" rel="author">Caleb Weiss</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="2024-09-13T07:00:00-04:00">September 13, 2024</time></span></div></header>
<div class="entry-content">
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
  <li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="?share=twitter" target="_blank"><span>X</span></a></li>
  <li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="?share=facebook" target="_blank"><span>Facebook</span></a></li>
  <li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject=Shared%20post" target="_blank"><span>Email</span></a></li>
</ul></div></div></div>
<p>Shabaab, al-Qaeda&#x27;s branch in East Africa, has carried out a string of bombings and assassinations in Mogadishu in the six weeks since its fighters stormed Lido Beach, one of the Somali capital&#x27;s busiest public spaces, on the evening of Aug. 2.</p>
<p>In that attack, a suicide bomber set off his explosives near a crowded seafront restaurant before gunmen opened fire on families and diners. Somali officials said more than 30 people were killed and scores wounded. Shabaab claimed the assault through its official media outlets and described the beach as a gathering place for government officials.</p>
<p>Since then, the group has claimed roadside bombs against Somali army convoys on the roads leading into the city, mortar fire aimed at the heavily fortified Halane compound near the airport, and the killing of local officials in several of the city&#x27;s districts.</p>
<p>The attacks come as the Somali government struggles to sustain the offensive it launched against Shabaab in central Somalia in 2022. That campaign, which relied on clan militias fighting alongside the army, drove the group from dozens of towns in Hiraan and Middle Shabelle, but much of that ground has since been contested again.</p>
<p>The African Union mission in Somalia is also drawing down, and a follow-on force is due to take over at the start of 2025 with fewer troops and uncertain funding. Somali and foreign officials worry that the handover will leave gaps that Shabaab can exploit.</p>
<p>The United States continues to carry out airstrikes against Shabaab and against the Islamic State&#x27;s Somali branch, which is based in the mountains of Puntland. US Africa Command has announced several strikes this year in support of Somali forces.</p>
<p>Shabaab remains al-Qaeda&#x27;s largest and wealthiest affiliate, and its ability to strike at the heart of the capital shows that years of military pressure have not broken it.</p>
<div class="donation-appeal"><p>Are you a dedicated reader of FDD&#x27;s Long War Journal? If our work has been useful to you or your organization, please consider supporting our independent reporting with a one-time or monthly tax-deductible donation. Thank you for reading.</p></div>
<div class="author-bio"><p>Caleb Weiss is a senior research analyst at the Foundation for Defense of Democracies and a contributor to FDD&#x27;s Long War Journal.</p></div>
<p class="post-tags">Tags: <a href="{base}/tags/al-qaeda" rel="tag">al Qaeda</a>, <a href="{base}/tags/shabaab" rel="tag">Shabaab</a>, <a href="{base}/tags/somalia" rel="tag">Somalia</a></p>
</div>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">0 thoughts on &ldquo;Shabaab keeps up pressure on Mogadishu after deadly beach attack&rdquo;</h2>
  <ol class="comment-list"></ol>
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
