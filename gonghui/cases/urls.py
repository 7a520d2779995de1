from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/", views.act, name="act"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/co-reply/", views.co_reply, name="co-reply"),
    path("<int:pk>/urge/", views.urge, name="urge"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/unmerge/", views.unmerge, name="unmerge"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
]
