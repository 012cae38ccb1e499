<div class="bp-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="bp-cover-description">{{ config.site_description }}</p>
  <p class="bp-cover-address">The book online: <a href="{{ config.site_url }}">{{ config.site_url }}</a></p>
</div>
