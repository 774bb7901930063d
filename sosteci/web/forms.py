"""The form renderer: Bootstrap markup for every form, from templates in web/templates."""

from django.forms.renderers import TemplatesSetting


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "web/forms/div.html"
    field_template_name = "web/forms/field.html"
