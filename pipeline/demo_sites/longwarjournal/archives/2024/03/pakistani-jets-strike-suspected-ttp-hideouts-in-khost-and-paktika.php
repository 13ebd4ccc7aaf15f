<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Pakistani jets strike suspected TTP hideouts in Khost and Paktika | FDD&#x27;s Long War Journal</title>
  <meta name="robots" content="index, follow, max-image-preview:large">
  <link rel="canonical" href="{base}/archives/2024/03/pakistani-jets-strike-suspected-ttp-hideouts-in-khost-and-paktika.php">
  <meta property="og:locale" content="en_US">
  <meta property="og:type" content="article">
  <meta property="og:title" content="Pakistani jets strike suspected TTP hideouts in Khost and Paktika | FDD&#x27;s Long War Journal">
  <meta property="og:site_name" content="FDD&#x27;s Long War Journal">
  <meta property="og:description" content="Pakistan hit targets inside Afghanistan two days after a deadly attack in North Waziristan.">
  <meta property="og:url" content="{base}/archives/2024/03/pakistani-jets-strike-suspected-ttp-hideouts-in-khost-and-paktika.php">
  <script type="application/ld+json" class="yoast-schema-graph">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Pakistani jets strike suspected TTP hideouts in Khost and Paktika", "author": [{"@type": "Person", "name": "Bill Roggio", "url": "{base}/archives/author/bill-roggio"}], "datePublished": "2024-03-18T16:05:00-04:00", "dateModified": "2024-03-19T09:00:00-04:00", "keywords": "Afghanistan, Khost, Pakistan, Paktika, Tehreek-e-Taliban Pakistan", "articleSection": "Afghanistan", "publisher": {"@type": "Organization", "name": "FDD's Long War Journal"}, "mainEntityOfPage": "{base}/archives/2024/03/pakistani-jets-strike-suspected-ttp-hideouts-in-khost-and-paktika.php", "description": "Pakistan hit targets inside Afghanistan two days after a deadly attack in North Waziristan."}</script>
  <link rel="https://api.w.org/" href="{base}/wp-json/">
  <link rel="alternate" type="application/rss+xml" title="FDD&#039;s Long War Journal &raquo; Feed" href="{base}/feed">
  <link rel='stylesheet' id='lwj-style-css' href='{base}/wp-content/themes/lwj/style.css?ver=6.4.2' media='all'>
  <script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
  <script>window.nitroFragments = window.nitroFragments || {};</script>
</head>
<body class="post-template-default single single-post single-format-standard postid-78560">
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
<article id="post-78560" class="post-78560 post type-post status-publish format-standard has-post-thumbnail hentry category-afghanistan">
<header class="entry-header"><h1 class="entry-title">Pakistani jets strike suspected TTP hideouts in Khost and Paktika</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="{base}/archives/author/bill-roggio" rel="author">Bill Roggio</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="2024-03-18T16:05:00-04:00">March 18, 2024</time></span></div></header>
<div class="entry-content">
<figure class="wp-block-image size-large"><img nitro-lazy-src="https://cdn-ilcjbkl.nitrocdn.com/qRyTnSbAzHhNWFbXwEpOhAJrVxmVZbCd/assets/images/optimized/rev-5e2a8f1/www.longwarjournal.org/wp-content/uploads/2024/03/paktika-barmal.jpg" class="wp-image-80412 nitro-lazy" decoding="async" nitro-lazy-empty id="MTYzOjIwOQ==-1" src="data:image/svg+xml;nitro-empty-id=MTYzOjIwOQ==-1;base64,PHN2ZyB2aWV3Qm94PSIwIDAgMTAyNCA2ODMiIHdpZHRoPSIxMDI0IiBoZWlnaHQ9IjY4MyIgeG1sbnM9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48L3N2Zz4=" alt="" width="1024" height="683"><figcaption class="wp-element-caption">A damaged house in Barmal district, Paktika. Image from social media.</figcaption></figure>
<p>Pakistani military aircraft struck targets in the Afghan provinces of Khost and Paktika early on Monday, two days after a suicide assault on an army post in North Waziristan killed seven Pakistani soldiers, among them two officers.</p>
<p>Pakistan&#x27;s foreign ministry described the strikes as counterterrorism operations aimed at a faction of militants led by Hafiz Gul Bahadur, which it blamed for the attack in Mir Ali, and it said the faction works hand in hand with the Tehreek-e-Taliban Pakistan (TTP).</p>
<p>The Taliban&#x27;s spokesman, Zabihullah Mujahid, said the strikes hit civilian homes in the Barmal district of Paktika and the Sepera district of Khost, killing women and children, and he warned that Pakistan would face consequences. Hours later, Taliban forces fired on Pakistani border posts facing Kurram and North Waziristan, and Pakistani troops returned fire.</p>
<p>The exchange was the most serious confrontation between the two governments since the Taliban took power in 2021. Pakistan, which backed the Taliban during their insurgency, had expected the new government in Kabul to rein in the TTP. Instead, attacks inside Pakistan rose sharply, and Pakistani officials now openly accuse the Taliban of sheltering the group&#x27;s leadership.</p>
<p>The Hafiz Gul Bahadur group is one of several militant factions based in North Waziristan that fought alongside the Afghan Taliban against US forces. It operates separately from the TTP&#x27;s central leadership under Noor Wali Mehsud, but Pakistani officials treat the two as allies.</p>
<p>The strikes are unlikely to change the Taliban&#x27;s calculations. The group has refused to hand over TTP leaders, arguing that the conflict is an internal Pakistani matter, and has offered only to mediate between Islamabad and the militants. Talks brokered by the Taliban in 2022 collapsed after a ceasefire broke down that November.</p>
<p>For now, both sides appear keen to avoid a wider war. But with the TTP still launching attacks from the border region, more Pakistani strikes inside Afghanistan are likely.</p>
<div class="donation-appeal"><p>Are you a dedicated reader of FDD&#x27;s Long War Journal? If our work has been useful to you or your organization, please consider supporting our independent reporting with a one-time or monthly tax-deductible donation. Thank you for reading.</p></div>
<div class="author-bio"><p>Bill Roggio is a Senior Fellow at the Foundation for Defense of Democracies and the editor of FDD&#x27;s Long War Journal.</p></div>
<p class="post-tags">Tags: <a href="{base}/tags/afghanistan" rel="tag">Afghanistan</a>, <a href="{base}/tags/khost" rel="tag">Khost</a>, <a href="{base}/tags/pakistan" rel="tag">Pakistan</a>, <a href="{base}/tags/paktika" rel="tag">Paktika</a>, <a href="{base}/tags/tehreek-e-taliban-pakistan" rel="tag">Tehreek-e-Taliban Pakistan</a></p>
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
  <li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="?share=twitter" target="_blank"><span>X</span></a></li>
  <li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="?share=facebook" target="_blank"><span>Facebook</span></a></li>
  <li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject=Shared%20post" target="_blank"><span>Email</span></a></li>
</ul></div></div></div>
</div>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">1 thoughts on &ldquo;Pakistani jets strike suspected TTP hideouts in Khost and Paktika&rdquo;</h2>
  <ol class="comment-list"><li id="comment-401" class="comment even thread-even depth-1"><article id="div-comment-401" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">M. Khan</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="{base}/archives/2024/03/pakistani-jets-strike-suspected-ttp-hideouts-in-khost-and-paktika.php#comment-401"><time datetime="2024-03-18T18:30:00-04:00">March 18, 2024 at 6:30 pm</time></a></div></footer><div class="comment-content"><p>Islamabad spent twenty years helping the Taliban win. Now it reaps what it sowed.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-401">Reply</a></div></article></li></ol>
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
