from django.urls import path

from messaging import views

urlpatterns = [
    path("ack/<str:token>/", views.acknowledge, name="messaging-ack"),
    path("organisations/<int:pk>/test/", views.test_send, name="messaging-test-send"),
]
