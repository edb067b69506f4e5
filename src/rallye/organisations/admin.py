"""Django's admin, for operators: federations, structures, memberships and the e-mail users
(with Django's user forms: passwords hashed, never shown)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from rallye.organisations.models import Federation, Membership, Structure, User

admin.site.register(Federation)
admin.site.register(Structure)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "role", "structure", "federation")
    list_filter = ("role", "federation")
    search_fields = ("user__email", "structure__name")


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined,misc]
        model = User
        fields = ("email",)


class EmailUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined,misc]
        model = User
        fields = "__all__"


@admin.register(User)
class EmailUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, for users who sign in with their e-mail address."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)
