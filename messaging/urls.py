from django.urls import path

from messaging import views

urlpatterns = [
    path("ack/<str:token>/", views.acknowledge, name="messaging-ack"),
    path("organisations/<int:pk>/test/", views.test_send, name="messaging-test-send"),
    path("organisations/<int:pk>/channels/", views.channel_list, name="messaging-channels"),
    path("organisations/<int:pk>/channels/add/", views.channel_add, name="messaging-channel-add"),
    path("channels/<int:pk>/edit/", views.channel_edit, name="messaging-channel-edit"),
    path("channels/<int:pk>/remove/", views.channel_remove, name="messaging-channel-remove"),
]
