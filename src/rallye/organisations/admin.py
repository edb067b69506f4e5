from django.contrib import admin

from rallye.organisations.models import Federation, Membership, Structure, User

admin.site.register(Federation)
admin.site.register(Structure)
admin.site.register(Membership)
admin.site.register(User)
