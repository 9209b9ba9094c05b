from django.urls import reverse

from tests.factories import make_user


def test_the_faq_admin_shows_entries_but_changes_them_only_through_the_faq_pages(client, faq_entry):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:faq_faqentry_change", args=[faq_entry.pk])
    page = client.get(url)
    assert page.status_code == 200 and "How do I back up my wallet?" in page.content.decode()
    client.post(url, {"is_published": "", "order": "7", "question": "Changed"})
    faq_entry.refresh_from_db()
    assert faq_entry.is_published and faq_entry.order == 0
    assert faq_entry.question == "How do I back up my wallet?"
    assert client.get(reverse("admin:faq_faqentry_add")).status_code == 403
    category = reverse("admin:faq_faqcategory_change", args=[faq_entry.category_id])
    assert "order" not in client.get(category).context["adminform"].form.fields
