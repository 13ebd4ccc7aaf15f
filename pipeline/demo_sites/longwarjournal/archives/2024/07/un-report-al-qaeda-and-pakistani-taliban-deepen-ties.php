<!DOCTYPE html>
<html lang="en-US" class="no-js">
<head>
  <meta charset="UTF-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>UN report: al-Qaeda and the Pakistani Taliban deepen ties in Afghanistan | FDD&#x27;s Long War Journal</title>
  <meta name="robots" content="index, follow, max-image-preview:large">
  <link rel="canonical" href="{base}/archives/2024/07/un-report-al-qaeda-and-pakistani-taliban-deepen-ties.php">
  <meta property="og:locale" content="en_US">
  <meta property="og:type" content="article">
  <meta property="og:title" content="UN report: al-Qaeda and the Pakistani Taliban deepen ties in Afghanistan | FDD&#x27;s Long War Journal">
  <meta property="og:site_name" content="FDD&#x27;s Long War Journal">
  <meta property="og:description" content="Al-Qaeda is helping the TTP from Afghan soil, UN sanctions monitors say.">
  <meta property="og:url" content="{base}/archives/2024/07/un-report-al-qaeda-and-pakistani-taliban-deepen-ties.php">
  <meta property="article:published_time" content="2024-07-02T08:45:00-04:00">
  <meta property="article:modified_time" content="2024-07-02T08:45:00-04:00">
  <meta property="article:section" content="Afghanistan">
  <meta property="article:tag" content="Afghanistan">
  <meta property="article:tag" content="al Qaeda">
  <meta property="article:tag" content="Tehreek-e-Taliban Pakistan">
  <meta property="article:tag" content="Taliban">
  <meta name="author" content="Bill Roggio">
  <link rel="https://api.w.org/" href="{base}/wp-json/">
  <link rel="alternate" type="application/rss+xml" title="FDD&#039;s Long War Journal &raquo; Feed" href="{base}/feed">
  <link rel='stylesheet' id='lwj-style-css' href='{base}/wp-content/themes/lwj/style.css?ver=6.4.2' media='all'>
  <script src='{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1' id='jquery-core-js'></script>
  <script>window.nitroFragments = window.nitroFragments || {};</script>
</head>
<body class="post-template-default single single-post single-format-standard postid-79701">
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
<div class="post-wrap"><div class="post-header"><h1 class="post-title">UN report: al-Qaeda and the Pakistani Taliban deepen ties in Afghanistan</h1>
<div class="post-byline">By <a href="{base}/archives/author/bill-roggio" rel="author">Bill Roggio</a> | <time datetime="2024-07-02T08:45:00-04:00">July 2, 2024</time></div></div>
<div class="post-content">
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
  <li class="share-twitter"><a rel="nofollow noopener noreferrer" class="share-twitter sd-button" href="?share=twitter" target="_blank"><span>X</span></a></li>
  <li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="?share=facebook" target="_blank"><span>Facebook</span></a></li>
  <li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject=Shared%20post" target="_blank"><span>Email</span></a></li>
</ul></div></div></div>
<p>Al-Qaeda continues to maintain a close relationship with the Taliban and is providing support to the Tehreek-e-Taliban Pakistan (TTP) from Afghan soil, according to the latest report of the United Nations Analytical Support and Sanctions Monitoring Team.</p>
<p>The report says al-Qaeda has set up new training camps in several Afghan provinces and that its fighters have helped the TTP plan and carry out attacks inside Pakistan. The monitors also describe al-Qaeda members serving as advisers to Taliban security forces.</p>
<p>The TTP, which pledged allegiance to the Afghan Taliban&#x27;s emir years ago, has sharply increased its attacks in Khyber Pakhtunkhwa since the Taliban returned to power in Kabul. Pakistani officials say the group&#x27;s leaders live in Kunar, Nangarhar, Khost and Paktika, and that its fighters cross the border to strike army and police posts before slipping back into Afghanistan.</p>
<p>Pakistan has repeatedly demanded that the Taliban act against the TTP. Islamabad launched airstrikes in Khost and Paktika in March 2024 after an attack that killed seven Pakistani soldiers in North Waziristan, and it has expelled hundreds of thousands of Afghans, a move widely seen as pressure on Kabul.</p>
<p>The Taliban deny that the TTP operates from Afghanistan, and they have made the same denial about al-Qaeda, even after a US drone strike killed al-Qaeda emir Ayman al-Zawahiri at a house in Kabul&#x27;s Sherpur neighborhood in July 2022. The house was linked to a senior aide of Sirajuddin Haqqani, the Taliban&#x27;s interior minister.</p>
<p>Al-Qaeda has not publicly named a successor to Zawahiri. The UN monitors believe that Saif al-Adel, an Egyptian veteran of the group who is thought to be living in Iran, is its de facto leader.</p>
<p>The relationships described in the report match what FDD&#x27;s Long War Journal has documented since the Doha agreement of 2020: the Taliban never broke with al-Qaeda, and the TTP remains part of the same network of allied groups that the Taliban host.</p>
<div class="donation"><p>Are you a dedicated reader of FDD&#x27;s Long War Journal? If our work has been useful to you or your organization, please consider supporting our independent reporting with a one-time or monthly tax-deductible donation. Thank you for reading.</p><p><a class="button" href="{base}/donate">Give today</a></p></div>
<div class="author-bio"><p>Bill Roggio is a Senior Fellow at the Foundation for Defense of Democracies and the editor of FDD&#x27;s Long War Journal.</p></div>
<div class="post-tags">Tags: <a href="{base}/tags/afghanistan" rel="tag">Afghanistan</a>, <a href="{base}/tags/al-qaeda" rel="tag">al Qaeda</a>, <a href="{base}/tags/tehreek-e-taliban-pakistan" rel="tag">Tehreek-e-Taliban Pakistan</a>, <a href="{base}/tags/taliban" rel="tag">Taliban</a></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><div class="jp-relatedposts-items"><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{base}/archives/2024/07/islamic-state-khorasan-keeps-foothold-in-kunar.php">Islamic State Khorasan keeps a foothold in Kunar despite Taliban offensives</a></h4><p class="jp-relatedposts-post-date">July 30, 2024</p></div><div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a class="jp-relatedposts-post-a" href="{base}/archives/2024/03/pakistani-jets-strike-suspected-ttp-hideouts-in-khost-and-paktika.php">Pakistani jets strike suspected TTP hideouts in Khost and Paktika</a></h4><p class="jp-relatedposts-post-date">March 18, 2024</p></div></div></div>
</div></div>
<div id="comments" class="comments-area">
  <h2 class="comments-title">1 thoughts on &ldquo;UN report: al-Qaeda and the Pakistani Taliban deepen ties in Afghanistan&rdquo;</h2>
  <ol class="comment-list"><li id="comment-301" class="comment even thread-even depth-1"><article id="div-comment-301" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Observer</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="{base}/archives/2024/07/un-report-al-qaeda-and-pakistani-taliban-deepen-ties.php#comment-301"><time datetime="2024-07-02T10:00:00-04:00">July 2, 2024 at 10:00 am</time></a></div></footer><div class="comment-content"><p>None of this is new. The Doha deal was built on the promise that al-Qaeda would be cut loose, and it never was.</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-301">Reply</a></div></article></li></ol>
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
