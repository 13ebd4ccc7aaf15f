<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Taliban reshuffle leadership in Baghlan as northern rivalries simmer | FDD&#x27;s Long War Journal</title>
  <meta name="robots" content="index, follow, max-image-preview:large">
  <link rel="https://api.w.org/" href="{base}/wp-json/">
  <link rel="alternate" type="application/rss+xml" title="FDD&#039;s Long War Journal &raquo; Feed" href="{base}/feed">
  <link rel='stylesheet' id='lwj-style-css' href='{base}/wp-content/themes/lwj/style.css?ver=6.4.2' media='all'>
  <script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
  <script>window.nitroFragments = window.nitroFragments || {};</script>
  <meta property="og:title" content="Taliban reshuffle leadership in Baghlan as northern rivalries simmer | FDD&#x27;s Long War Journal">
  <meta property="og:site_name" content="FDD&#x27;s Long War Journal">
</head>
<body class="post-template-default single single-post single-format-standard postid-79980">
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
<article id="post-79980" class="post-79980 post type-post status-publish format-standard hentry category-afghanistan">
<header class="entry-header"><h1 class="entry-title">Taliban reshuffle leadership in Baghlan as northern rivalries simmer</h1>
<div class="entry-meta"><span class="byline">by <span class="author vcard"><a class="url fn n" href="{base}/archives/author/caleb-weiss" rel="author">Caleb Weiss</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="2024-08-20T09:15:00">August 20, 2024</time></span></div></header>
<div class="entry-content">
<p>The Taliban have replaced the governor of Baghlan province along with the provincial police chief and the head of the provincial intelligence directorate, according to decrees from the group&#x27;s emir, Mawlawi Hibatullah Akhundzada, that were read out by a Taliban spokesman in Kabul on Monday.</p>
<p>The incoming governor, Mawlawi Abdul Rahim Sabir, previously led the Taliban&#x27;s military commission in the neighboring province of Samangan. He replaces a commander who had held the post since the weeks after the Taliban takeover in 2021 and who has now been given a position in the Ministry of Interior.</p>
<p>Baghlan sits astride the Salang highway, the main road between Kabul and the northern provinces, and its districts include Andarab, Deh Salah, Khost wa Fereng and Puli Khumri, the provincial capital. Control of the highway and of the coal mines near Puli Khumri makes the governorship one of the more important posts in the north.</p>
<p>Reshuffles of provincial officials are routine under the Taliban. The leadership frequently rotates governors and police chiefs between provinces, a practice that analysts see as an effort to keep commanders from building local power bases that could challenge Kandahar.</p>
<p>In Baghlan, the changes also follow months of friction between Pashtun Taliban commanders and local Tajik and Uzbek members of the movement, some of whom complain that they were sidelined after the takeover. In 2022, the Taliban&#x27;s arrest of a prominent Uzbek commander in the neighboring province of Faryab set off protests in Maimana.</p>
<p>The new intelligence chief is expected to focus on the National Resistance Front, which has claimed attacks in Andarab and Khost wa Fereng, and on the Islamic State Khorasan Province, which has bombed Shia mosques and killed Taliban officials in the north, including the deputy governor of Badakhshan in June 2023.</p>
<p>The Taliban did not explain the reasons for the changes. Officials in Puli Khumri said the outgoing governor handed over his office at a ceremony attended by tribal elders and local clerics.</p>
<p><em><strong>Caleb Weiss</strong> is a senior research analyst at the Foundation for Defense of Democracies and a contributor to FDD's Long War Journal.</em></p>
<p>Are you a dedicated reader of FDD&#x27;s Long War Journal? If our work has been useful to you or your organization, please consider supporting our independent reporting with a one-time or monthly tax-deductible donation. Thank you for reading. <a href="{base}/donate">Click here to support us.</a></p>
<p>Tags: <a href="{base}/tags/afghanistan" rel="tag">Afghanistan</a>, <a href="{base}/tags/baghlan" rel="tag">Baghlan</a>, <a href="{base}/tags/islamic-state-khorasan-province" rel="tag">Islamic State Khorasan Province</a>, <a href="{base}/tags/taliban" rel="tag">Taliban</a></p>
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
  <li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="?share=twitter" target="_blank"><span>X</span></a></li>
  <li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="?share=facebook" target="_blank"><span>Facebook</span></a></li>
  <li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject=Shared%20post" target="_blank"><span>Email</span></a></li>
</ul></div></div></div>
</div>
</article>
<div id="comments" class="comments-area">
  <h2 class="comments-title">0 thoughts on &ldquo;Taliban reshuffle leadership in Baghlan as northern rivalries simmer&rdquo;</h2>
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
