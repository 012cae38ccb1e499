<div class="bp-cover">
  <h1>{{ config.site_name }}</h1>
  <p class="bp-cover-description">{{ config.site_description }}</p>
  {#- A local build's address (127.0.0.1) is no use on paper; the deployed one is. #}
  {% if config.site_url and "127.0.0.1" not in config.site_url and "localhost" not in config.site_url %}
  <p class="bp-cover-address">The book online: <a href="{{ config.site_url }}">{{ config.site_url }}</a></p>
  {% endif %}
</div>
